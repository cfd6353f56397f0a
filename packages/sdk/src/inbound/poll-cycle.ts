import type { InboundContext, PollItem, PollResult } from '../context.js';
import type { PollingDefinition } from '../definition.js';
import type { PropertyMap } from '../properties.js';

/** State key under which a polling connector's cursor and recently correlated ids are kept. */
export const POLL_STATE_KEY = 'poll';

/** How many correlated item ids are remembered to drop repeats (the oldest are forgotten first). */
export const POLL_SEEN_LIMIT = 10_000;

export interface PollState {
  cursor: unknown;
  /** Ids of items already correlated, oldest first. */
  seen: string[];
}

export interface PollOutcome {
  /** `done`: every item was handled and the cursor saved; `retry`: stopped early, cursor kept. */
  status: 'done' | 'retry';
  correlated: number;
  /** Items dropped because an earlier poll already correlated their id. */
  repeated: number;
  ignored: number;
  /** Items that failed for good (logged, not retried). */
  failed: number;
  /** The connector says more is ready now: poll again without waiting. */
  more: boolean;
  /** Why a `retry` stopped. */
  error?: string;
}

function checkResult(result: unknown, connectorId: string): PollResult {
  const where = `connector "${connectorId}": poll() must return { items, cursor }`;
  if (typeof result !== 'object' || result === null || !Array.isArray((result as PollResult).items)) throw new TypeError(where);
  for (const item of (result as PollResult).items as PollItem[]) {
    if (typeof item?.id !== 'string' || item.id === '') throw new TypeError(`${where}: every item needs a non-empty string id`);
    if (typeof item.variables !== 'object' || item.variables === null) throw new TypeError(`${where}: item "${item.id}" needs variables`);
  }
  return result as PollResult;
}

/**
 * One poll of a polling connector, as every host runs it: read the saved cursor, call `poll`,
 * correlate each item whose id was not correlated before (message id: the item's, else its id),
 * then save the new cursor. Each correlated id is saved as soon as it is handled. A retryable correlation failure stops the cycle with the old cursor
 * kept (the ids correlated so far are remembered, so a retry does not repeat them); a permanent
 * one is logged and skipped. Errors thrown by `poll` propagate (the host backs off and retries).
 */
export async function pollOnce<Props extends PropertyMap>(
  connector: Pick<PollingDefinition<Props>, 'id' | 'poll'>,
  ctx: InboundContext<unknown>,
): Promise<PollOutcome> {
  const saved = (await ctx.state.get<PollState>(POLL_STATE_KEY)) ?? { cursor: undefined, seen: [] };
  const result = checkResult(await connector.poll({ ...ctx, cursor: saved.cursor } as never), connector.id);
  const seen = new Set(saved.seen);
  const outcome: PollOutcome = { status: 'done', correlated: 0, repeated: 0, ignored: 0, failed: 0, more: result.more === true };
  const remember = (cursor: unknown) => ctx.state.put(POLL_STATE_KEY, { cursor, seen: [...seen].slice(-POLL_SEEN_LIMIT) } satisfies PollState);

  for (const item of result.items) {
    if (seen.has(item.id)) {
      outcome.repeated++;
      continue;
    }
    if (ctx.signal.aborted) {
      await remember(saved.cursor);
      return { ...outcome, status: 'retry', more: false, error: 'the connector was deactivated during the poll' };
    }
    const r = await ctx.correlate(item.variables, { messageId: item.messageId ?? item.id });
    if (r.status === 'failed-retryable') {
      await remember(saved.cursor);
      ctx.log({ severity: 'warning', tag: 'Polling', message: `item ${item.id} not correlated, will retry: ${r.error}` });
      return { ...outcome, status: 'retry', more: false, error: r.error };
    }
    if (r.status === 'correlated') outcome.correlated++;
    else if (r.status === 'ignored') outcome.ignored++;
    else {
      outcome.failed++;
      ctx.log({ severity: 'error', tag: 'Polling', message: `item ${item.id} dropped: ${r.error}`, data: { code: r.code } });
    }
    seen.add(item.id);
    // Remember it at once: a crash before the cursor is saved must not correlate it again (a none
    // start event has no message id for the engine to refuse a replay with).
    await remember(saved.cursor);
  }
  await remember(result.cursor);
  return outcome;
}
