import { describe, expect, it } from 'vitest';
import { fakeEngine, workerContext, workerOptions } from '../../test/fake-engine.js';
import { MAX_BACKOFF_MS, type PendingPoll } from './worker-loop.js';
import { Watchdog } from './worker-watchdog.js';

function setup(mode: 'polling' | 'streaming' = 'polling') {
  const ctx = workerContext(workerOptions(fakeEngine(), { mode, pollIntervalMs: 1000 }));
  const restarts: string[] = [];
  const loop = { poll: undefined as PendingPoll | undefined, tickAt: 0, restart: (reason: string) => void restarts.push(reason) };
  const retried: number[] = [];
  const stream = { state: 'open' as 'open' | 'failed', attemptAt: 0, backoffMs: () => 1000, retry: () => void retried.push(1) };
  const watchdog = new Watchdog(ctx, loop, stream, 5000, 15_000);
  return { ctx, loop, stream, watchdog, restarts, retried };
}

describe('Watchdog', () => {
  it('restarts the loop when an activation call hangs past its long poll and the grace', () => {
    const { ctx, loop, watchdog, restarts } = setup();
    const now = 1_000_000;
    loop.poll = { generation: 1, startedAt: now - 40_000, expectMs: 10_000, done: Promise.resolve() };
    loop.tickAt = now;
    watchdog.check(now - 40_000 + 25_000); // within expect + grace
    expect(restarts).toEqual([]);
    watchdog.check(now);
    expect(restarts).toEqual(['an activation call has not returned for 40 s']);
    expect(ctx.state.stalledSince).toBe(now - 40_000);
  });

  it('restarts a loop that stopped going round, keeping the first stall time', () => {
    const { ctx, loop, watchdog, restarts } = setup();
    const silentFor = 1000 + MAX_BACKOFF_MS + 15_000;
    loop.tickAt = 500_000;
    watchdog.check(500_000 + silentFor);
    expect(restarts).toEqual([]);
    ctx.state.stalledSince = 123;
    watchdog.check(500_000 + silentFor + 1);
    expect(restarts).toEqual([`the poll loop has not run for ${Math.round((silentFor + 1) / 1000)} s`]);
    expect(ctx.state.stalledSince).toBe(123);
  });

  it('retries a failed stream whose scheduled reopen did not happen', () => {
    const { stream, watchdog, retried, loop } = setup('streaming');
    loop.tickAt = 10_000;
    stream.state = 'failed';
    stream.attemptAt = 10_000;
    watchdog.check(10_000 + 1000 + 4999);
    expect(retried).toEqual([]);
    watchdog.check(10_000 + 1000 + 5000);
    expect(retried).toEqual([1]);
  });

  it('does nothing once the worker stopped', () => {
    const { ctx, loop, watchdog, restarts } = setup();
    ctx.state.running = false;
    loop.tickAt = 0;
    watchdog.check(10_000_000);
    expect(restarts).toEqual([]);
  });
});
