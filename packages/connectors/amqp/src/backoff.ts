/** Exponential backoff: `initial`, doubling on each attempt, never above `max` (milliseconds). */
export interface Backoff {
  initialMs: number;
  maxMs: number;
}

/** Reconnecting to the broker: 1 s doubling to 30 s. */
export const RECONNECT_BACKOFF: Backoff = { initialMs: 1_000, maxMs: 30_000 };
/** Requeueing a message after a retryable failure: 1 s doubling to 30 s. */
export const REQUEUE_BACKOFF: Backoff = { initialMs: 1_000, maxMs: 30_000 };

/** Delay before attempt `attempt` (1 = the first retry). */
export function backoffDelay(backoff: Backoff, attempt: number): number {
  const n = Math.max(1, Math.floor(attempt));
  return Math.min(backoff.maxMs, backoff.initialMs * 2 ** Math.min(n - 1, 30));
}

/** Resolves after `ms`, or at once when `signal` aborts (never rejects). */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
