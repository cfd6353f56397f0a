import { describe, expect, it } from 'vitest';
import { fakeEngine, job, until, workerOptions } from '../../test/fake-engine.js';
import { OutboundWorker } from './worker.js';

describe('OutboundWorker: its parts composed', () => {
  it('polls, runs and completes jobs, reports its status and stops drained', async () => {
    const engine = fakeEngine();
    engine.waiting.push(job(), job());
    const worker = new OutboundWorker(workerOptions(engine));
    worker.start();
    await until(() => engine.completed.length === 2);
    expect(worker.status()).toMatchObject({ type: 'test:fake:1', mode: 'polling', stream: 'off', running: true, inFlight: 0, consecutiveErrors: 0, restarts: 0 });
    expect(await worker.stop(Date.now() + 2000)).toEqual({ type: 'test:fake:1', drained: true, handedBack: 0 });
    expect(worker.status().running).toBe(false);
  });

  it('streams with a safety-net poll, and falls back to polling when the engine has no streaming', async () => {
    const engine = fakeEngine();
    const worker = new OutboundWorker(workerOptions(engine, { mode: 'streaming', streamPollIntervalMs: 20 }));
    worker.start();
    await until(() => worker.status().stream === 'open');
    engine.streams[0]!.push(job());
    await until(() => engine.completed.length === 1);
    await until(() => engine.activations.some((a) => a.requestTimeoutMs === -1));
    engine.streams[0]!.end('UNIMPLEMENTED');
    expect(worker.status()).toMatchObject({ mode: 'polling', stream: 'off' });
    await until(() => engine.activations.some((a) => a.requestTimeoutMs === 30));
    await worker.stop(Date.now() + 1000);
  });

  it('shows activation failures in its status and recovers when the engine is back', async () => {
    const engine = fakeEngine();
    let down = true;
    engine.activateWith = async () => {
      if (down) throw new Error('UNAVAILABLE');
      return [];
    };
    const worker = new OutboundWorker(workerOptions(engine));
    worker.start();
    await until(() => worker.status().consecutiveErrors >= 1);
    expect(worker.status().lastError?.message).toBe('UNAVAILABLE');
    down = false;
    worker.engineRecovered();
    await until(() => worker.status().consecutiveErrors === 0);
    await worker.stop(Date.now() + 1000);
  });
});
