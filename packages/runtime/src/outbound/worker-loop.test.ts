import { afterEach, describe, expect, it } from 'vitest';
import { fakeEngine, gatedConnector, job, until, workerContext, workerOptions } from '../../test/fake-engine.js';
import type { WorkerContext } from './worker-context.js';
import { ActivationLoop } from './worker-loop.js';

const notStreaming = { isMain: () => false, suspect: () => {} };
let ctx: WorkerContext | undefined;
afterEach(() => {
  if (ctx) ctx.state.running = false;
  ctx?.capacity.notify();
  ctx?.stopping.notify();
});

describe('ActivationLoop', () => {
  it('while a stream is the main channel, sleeps until the safety-net poll is due, and wakes early when it is moved', async () => {
    const engine = fakeEngine();
    ctx = workerContext(workerOptions(engine, { maxJobsActive: 2 }));
    const streaming = { isMain: () => true, suspect: () => {} };
    ctx.state.nextSafetyPollAt = Date.now() + 60_000;
    const waits: number[] = [];
    const wait = ctx.capacity.wait.bind(ctx.capacity);
    ctx.capacity.wait = (ms: number) => {
      waits.push(ms);
      return wait(ms);
    };
    new ActivationLoop(ctx, streaming, 30).start();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    // one long sleep, not one wake-up a second
    expect(waits.length).toBe(1);
    expect(waits[0]).toBeGreaterThan(55_000);
    expect(engine.activations).toHaveLength(0);
    ctx.state.nextSafetyPollAt = 0;
    ctx.capacity.notify();
    await until(() => engine.activations.length === 1);
  });

  it('asks for as many jobs as there are free slots, long polling, and runs what it gets', async () => {
    const engine = fakeEngine();
    engine.waiting.push(job(), job());
    ctx = workerContext(workerOptions(engine, { maxJobsActive: 3 }));
    new ActivationLoop(ctx, notStreaming, 30).start();
    await until(() => engine.completed.length === 2);
    expect(engine.activations[0]).toMatchObject({ type: 'test:fake:1', worker: 'test-worker', maxJobsToActivate: 3, requestTimeoutMs: 30, fetchVariables: ['n'] });
    expect(ctx.state.lastActivityAt).toBeGreaterThan(0);
  });

  it('asks only for the slots left while jobs run, and not at all when none is free', async () => {
    const engine = fakeEngine();
    const gated = gatedConnector();
    engine.waiting.push(job(), job());
    ctx = workerContext(workerOptions(engine, { maxJobsActive: 2, connector: gated.connector }));
    const loop = new ActivationLoop(ctx, notStreaming, 30);
    loop.start();
    await until(() => gated.started === 2);
    const rounds = engine.activations.length;
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(engine.activations.length).toBe(rounds); // no free slot: no activation round
    gated.release();
    await until(() => engine.activations.length > rounds);
    expect(engine.activations.at(-1)!.maxJobsToActivate).toBeGreaterThan(0);
  });

  it('backs off after a failed round, records the error, and says when it works again', async () => {
    const engine = fakeEngine();
    let fail = true;
    engine.activateWith = async () => {
      if (fail) throw new Error('UNAVAILABLE: gateway down');
      return [];
    };
    ctx = workerContext(workerOptions(engine));
    new ActivationLoop(ctx, notStreaming, 30).start();
    await until(() => ctx!.state.consecutiveErrors === 1);
    expect(ctx.state.lastError?.message).toBe('UNAVAILABLE: gateway down');
    // The backoff (500 ms for the first error) holds the next round back...
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(engine.activations).toHaveLength(1);
    // ...until the engine is back (the worker wakes the loop).
    fail = false;
    ctx.stopping.notify();
    await until(() => engine.activations.length >= 2 && ctx!.state.consecutiveErrors === 0);
  });

  it('as the safety net of a stream: answers at once, waits the stream poll interval, and lets the stream judge what it found', async () => {
    const engine = fakeEngine();
    const suspected: [number, boolean][] = [];
    const streaming = { isMain: () => true, suspect: (found: number, was: boolean) => void suspected.push([found, was]) };
    engine.waiting.push(job());
    ctx = workerContext(workerOptions(engine, { streamPollIntervalMs: 10_000 }));
    new ActivationLoop(ctx, streaming, 30).start();
    await until(() => suspected.length === 2);
    expect(engine.activations.map((a) => a.requestTimeoutMs)).toEqual([-1, -1]);
    expect(suspected).toEqual([
      [1, true],
      [0, true],
    ]);
    // After an empty round the next one waits the interval.
    expect(ctx.state.nextSafetyPollAt).toBeGreaterThan(Date.now() + 5000);
  });

  it('stops at its next turn, and a restart counts and takes over', async () => {
    const engine = fakeEngine();
    ctx = workerContext(workerOptions(engine));
    const loop = new ActivationLoop(ctx, notStreaming, 30);
    loop.start();
    await until(() => engine.activations.length > 0);
    loop.restart('test');
    expect(ctx.state.restarts).toBe(1);
    expect(loop.generation).toBe(2);
    loop.stop();
    ctx.capacity.notify();
    await new Promise((resolve) => setTimeout(resolve, 80));
    const rounds = engine.activations.length;
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(engine.activations.length).toBe(rounds);
  });
});
