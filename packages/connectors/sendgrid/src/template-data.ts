import { z } from 'zod';

export type TemplateData = Record<string, unknown>;

const isPlainObject = (v: unknown): v is TemplateData => v !== null && typeof v === 'object' && !Array.isArray(v);

/** A JSON text holding an object becomes that object; anything else is left for the schema to reject. */
function parseJsonObject(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    const parsed: unknown = JSON.parse(value);
    return isPlainObject(parsed) ? parsed : value;
  } catch {
    return value;
  }
}

/**
 * `template.data`: the engine evaluates the FEEL expression, so the value normally arrives as an
 * object; a string holding a JSON object is accepted too. Lists, numbers and other text are refused.
 */
export const templateDataSchema: z.ZodType<TemplateData> = z.preprocess(
  parseJsonObject,
  z.custom<TemplateData>(isPlainObject, { error: 'must be an object (a FEEL context such as {firstName: "Jane"})' }),
);
