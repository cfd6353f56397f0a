import { z } from 'zod';

/** One Block Kit layout block: an object with a `type`; Slack checks the rest. */
export type SlackBlock = { type: string } & Record<string, unknown>;

const BLOCKS_RULE = 'must be a list of Block Kit blocks (objects with a "type")';

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * What a FEEL expression may hand us for the blocks: the list itself (usual), that list written as
 * a JSON string, or Block Kit Builder's `{ "blocks": [...] }` payload. All three become the list.
 */
function unwrap(value: unknown): unknown {
  let v = value;
  if (typeof v === 'string') {
    try {
      v = JSON.parse(v);
    } catch {
      return value;
    }
  }
  if (isRecord(v) && Array.isArray(v.blocks)) return v.blocks;
  return v;
}

const block = z.looseObject({ type: z.string({ error: BLOCKS_RULE }).min(1, { error: BLOCKS_RULE }) }, { error: BLOCKS_RULE });

/** Schema of `data.blockContent`: a non-empty list of blocks. */
export const blocksSchema: z.ZodType<SlackBlock[]> = z.preprocess(
  unwrap,
  z.array(block, { error: BLOCKS_RULE }).min(1, { error: 'must contain at least one block' }),
);

/** An example shown in Modeler as the field's initial FEEL value. */
export const EXAMPLE_BLOCKS = `[
  { "type": "header", "text": { "type": "plain_text", "text": "Order received" } },
  { "type": "section", "text": { "type": "mrkdwn", "text": "*Customer:* Jane Doe\\n*Total:* 42.00 EUR" } }
]`;
