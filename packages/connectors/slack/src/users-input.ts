import { z } from 'zod';

const USERS_RULE = 'must be a comma-separated text or a list of texts (user ids, @names or e-mail addresses)';

/**
 * Schema of `data.users`: the stock template's comma-separated text (`@jane, U024BE7LH`) or, from a
 * FEEL expression, a list of texts. Either way the connector gets the trimmed, non-empty entries.
 */
export const usersSchema: z.ZodType<string[]> = z
  .union([z.string(), z.array(z.string())], { error: USERS_RULE })
  .transform((v) => (Array.isArray(v) ? v : v.split(',')).map((s) => s.trim()).filter((s) => s.length > 0))
  .refine((list) => list.length > 0, { error: 'must name at least one user' });
