import { describe, expect, it } from 'vitest';
import { fakeEngine, gatedConnector, job, until, workerContext, workerOptions } from '../../test/fake-engine.js';
import { JobStreamChannel } from './worker-stream.js';

function setup(overrides: Parameters<typeof workerOptions>[1] = {}, settleMs = -1) {
  const engine = fakeEngine();
  const ref: { channel?: JobStreamChannel } = {};
  const ctx = workerContext(workerOptions(engine, { mode: 'streaming', ...overrides }), () => ref.channel?.onCapacity());
  const channel = new JobStreamChannel(ctx, settleMs);
  ref.channel = channel;
  return { engine, ctx, channel };
}

describe('JobStreamChannel', () => {
  it('opens a stream with a backfill of the free slots and runs the jobs pushed into it', async () => {
    const { engine, ctx, channel } = setup({ maxJobsActive: 3 });
    expect(channel.state).toBe('opening');
    await channel.open();
    expect(channel.state).toBe('open');
    expect(engine.streams[0]!.request).toMatchObject({ type: 'test:fake:1', worker: 'test-worker', backfillMaxJobs: 3, fetchVariables: ['n'] });
    // An early safety-net poll catches a job created while the engine registers the stream.
    expect(ctx.state.nextSafetyPollAt).toBeLessThanOrEqual(Date.now() + 50);
    engine.streams[0]!.push(job());
    await until(() => engine.completed.length === 1);
    expect(channel.isMain()).toBe(true);
  });

  it('pauses when the queue is full and resumes once the backlog has halved, with every slot still busy', async () => {
    const gated = gatedConnector();
    const { engine, ctx, channel } = setup({ maxJobsActive: 2, connector: gated.connector });
    await channel.open();
    const stream = engine.streams[0]!;
    for (let i = 0; i < 3; i++) stream.push(job()); // two run, one waits
    expect(channel.state).toBe('open');
    stream.push(job()); // queue (2) >= maxJobsActive (2)
    expect(channel.state).toBe('paused');
    expect(stream.paused).toBe(true);
    await until(() => gated.started === 2);
    gated.release(); // the first two done, the queued two start: backlog 0 <= 2 / 2
    await until(() => gated.started === 4);
    await until(() => channel.state === 'open');
    expect(stream.paused).toBe(false);
    // resumed while both slots are still busy: the engine's next jobs wait in the queue, not in the socket
    expect(ctx.jobs.inFlight).toBe(2);
    gated.release();
    await until(() => engine.completed.length === 4);
  });

  it('reopens a stream that ended, after a backoff, and records why', async () => {
    const { engine, ctx, channel } = setup();
    await channel.open();
    engine.streams[0]!.end('UNAVAILABLE: connection reset');
    expect(channel.state).toBe('failed');
    expect(ctx.state.lastError?.message).toBe('job stream ended: UNAVAILABLE: connection reset');
    await until(() => engine.streams.length === 2 && channel.state === 'open', 2000); // first backoff: 1 s
  });

  it('does not reopen while the engine is known to be down; a stream that cannot open counts as failed', async () => {
    let available = false;
    const { engine, channel } = setup({ engineAvailable: () => available });
    engine.openWith = async () => {
      throw new Error('UNAVAILABLE');
    };
    await channel.open();
    expect(channel.state).toBe('failed');
    engine.openWith = undefined;
    channel.retry();
    expect(engine.streams).toHaveLength(0);
    available = true;
    channel.retry();
    await until(() => channel.state === 'open');
  });

  it('gives streaming up for polling when the engine does not implement it', async () => {
    const { engine, ctx, channel } = setup();
    await channel.open();
    engine.streams[0]!.end('12 UNIMPLEMENTED: not supported');
    expect(channel.state).toBe('off');
    expect(ctx.state.mode).toBe('polling');
    expect(channel.isMain()).toBe(false);
  });

  it('suspects an unobservable stream when the safety net finds jobs, and gives up after three misses', async () => {
    const { engine, ctx, channel } = setup();
    engine.streamObserved = false;
    await channel.open();
    channel.suspect(0, true); // nothing found: fine
    channel.suspect(2, false); // not streaming then: fine
    expect(engine.streams).toHaveLength(1);
    channel.suspect(1, true);
    await until(() => engine.streams.length === 2 && channel.state === 'open');
    expect(engine.streams[0]!.closed).toBe(true);
    expect(ctx.state.restarts).toBe(1);
    channel.suspect(1, true);
    await until(() => engine.streams.length === 3 && channel.state === 'open');
    channel.suspect(1, true);
    expect(ctx.state.mode).toBe('polling');
    expect(channel.state).toBe('off');
  });

  it('reopens a possibly dead (unobservable) stream when the engine recovers, but keeps an observed one', async () => {
    const { engine, channel } = setup();
    await channel.open();
    channel.engineRecovered();
    expect(engine.streams).toHaveLength(1);
    engine.streamObserved = false;
    channel.close();
    await channel.open();
    channel.engineRecovered();
    await until(() => engine.streams.length === 3 && channel.state === 'open');
    expect(engine.streams[1]!.closed).toBe(true);
  });
});

describe('JobStreamChannel: a young stream', () => {
  it('is not suspected before it has settled', async () => {
    const { engine, channel } = setup({}, 60_000);
    engine.streamObserved = false;
    await channel.open();
    channel.suspect(3, true);
    expect(engine.streams).toHaveLength(1);
    expect(channel.state).toBe('open');
  });
});
