import { describe, expect, it } from 'vitest';
import { backoffDelay, RECONNECT_BACKOFF, sleep } from './backoff.js';
import { settlement } from './settle.js';

describe('settlement', () => {
  it('acks correlated, duplicate and ignored results', () => {
    expect(settlement({ status: 'correlated' }, 1, 5)).toEqual({ action: 'ack', reason: 'correlated' });
    expect(settlement({ status: 'correlated', duplicate: true }, 2, 5).action).toBe('ack');
    expect(settlement({ status: 'ignored', reason: 'no activation condition held' }, 1, 5)).toEqual({
      action: 'ack',
      reason: 'ignored: no activation condition held',
    });
  });

  it('rejects a permanent failure without requeue, naming its code', () => {
    const s = settlement({ status: 'failed-permanent', code: 'ACTIVATION_CONDITION_NOT_MET', error: 'no element matched' }, 1, 5);
    expect(s).toEqual({ action: 'reject', reason: 'ACTIVATION_CONDITION_NOT_MET: no element matched' });
  });

  it('requeues a retryable failure with a growing delay, then rejects at the delivery limit', () => {
    const failure = { status: 'failed-retryable', code: 'ENGINE_UNAVAILABLE', error: 'engine down' } as const;
    expect(settlement(failure, 1, 3)).toMatchObject({ action: 'requeue', delayMs: 1_000 });
    expect(settlement(failure, 2, 3)).toMatchObject({ action: 'requeue', delayMs: 2_000 });
    const last = settlement(failure, 3, 3);
    expect(last.action).toBe('reject');
    expect(last.reason).toContain('ENGINE_UNAVAILABLE: engine down');
    expect(last.reason).toContain('no retry left');
    expect(settlement(failure, 1, 1).action).toBe('reject');
  });
});

describe('backoff', () => {
  it('doubles from 1 s and stops at 30 s', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 100].map((n) => backoffDelay(RECONNECT_BACKOFF, n))).toEqual([
      1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000,
    ]);
  });

  it('ends a wait at once when aborted', async () => {
    const abort = new AbortController();
    const started = Date.now();
    const waiting = sleep(60_000, abort.signal);
    abort.abort();
    await waiting;
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
