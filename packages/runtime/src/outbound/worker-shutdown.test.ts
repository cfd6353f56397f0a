import { describe, expect, it } from 'vitest';
import { fakeEngine, gatedConnector, job, until, workerContext, workerOptions } from '../../test/fake-engine.js';
import { HAND_BACK_MESSAGE } from './worker-jobs.js';
import { shutdownWorker } from './worker-shutdown.js';
import { JobStreamChannel } from './worker-stream.js';

function setup(overrides: Parameters<typeof workerOptions>[1] = {}) {
  const engine = fakeEngine();
  const ref: { channel?: JobStreamChannel } = {};
  const ctx = workerContext(workerOptions(engine, overrides), () => ref.channel?.onCapacity());
  const channel = new JobStreamChannel(ctx, -1);
  ref.channel = channel;
  let stops = 0;
  const loop = { poll: undefined, stop: () => void stops++ };
  const watchdog = { stop: () => void stops++ };
  return { engine, ctx, stream: channel, loop, watchdog, stops: () => stops };
}

describe('shutdownWorker', () => {
  it('lets in-flight jobs finish before the deadline and reports drained', async () => {
    const gated = gatedConnector();
    const { engine, ctx, stream, loop, watchdog, stops } = setup({ connector: gated.connector });
    ctx.jobs.accept(job(), 'poll');
    await until(() => gated.started === 1);
    setTimeout(() => gated.release(), 50);
    const report = await shutdownWorker(ctx, { loop, watchdog, stream }, Date.now() + 5000);
    expect(report).toEqual({ type: 'test:fake:1', drained: true, handedBack: 0 });
    expect(engine.completed).toHaveLength(1);
    expect(ctx.state.running).toBe(false);
    expect(stops()).toBe(2);
  });

  it('hands back queued jobs at once and in-flight ones at the deadline, retries unchanged', async () => {
    const gated = gatedConnector();
    const { engine, ctx, stream, loop, watchdog } = setup({ connector: gated.connector, maxJobsActive: 1 });
    const running = job();
    const queued = job();
    ctx.jobs.accept(running, 'poll');
    ctx.jobs.accept(queued, 'poll');
    await until(() => gated.started === 1);
    const report = await shutdownWorker(ctx, { loop, watchdog, stream }, Date.now() + 300);
    expect(report).toMatchObject({ drained: false, handedBack: 2 });
    expect(engine.failed.map((f) => [f.jobKey, f.retries, f.errorMessage])).toEqual(
      expect.arrayContaining([
        [queued.info.key, queued.info.retries, HAND_BACK_MESSAGE],
        [running.info.key, running.info.retries, HAND_BACK_MESSAGE],
      ]),
    );
    expect(engine.completed).toEqual([]);
  });

  it('reads a paused stream empty, then cancels it; jobs arriving meanwhile are handed back', async () => {
    const gated = gatedConnector();
    const { engine, ctx, stream, loop, watchdog } = setup({ connector: gated.connector, maxJobsActive: 1, mode: 'streaming' });
    await stream.open();
    const s = engine.streams[0]!;
    s.push(job());
    s.push(job());
    expect(stream.state).toBe('paused');
    await until(() => gated.started === 1);
    const done = shutdownWorker(ctx, { loop, watchdog, stream }, Date.now() + 400);
    await until(() => !s.paused); // resumed to be read empty
    s.push(job()); // arrives while draining: held, then handed back
    const report = await done;
    expect(s.closed).toBe(true);
    expect(stream.state).toBe('paused');
    expect(report.handedBack).toBe(3);
  });
});
