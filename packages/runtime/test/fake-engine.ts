/**
 * A fake engine client for unit tests of the outbound worker's parts: activation rounds answered
 * from a queue of jobs (or by a given function), job streams the test pushes jobs into and ends,
 * and the job commands recorded.
 */
import { defineOutbound, p, type OutboundConnector } from '@connectorkit/sdk';
import { fakeJob } from '@connectorkit/sdk/testing';
import { pino } from 'pino';
import type {
  ActivateJobsRequest,
  ActivatedJob,
  EngineClient,
  FailJobCommand,
  JobStream,
  JobStreamRequest,
  ThrowErrorCommand,
} from '../src/engine/types.js';
import { RuntimeMetrics } from '../src/observability/metrics.js';
import type { OutboundWorkerOptions, WorkerContext } from '../src/outbound/worker-context.js';
import { JobRunner } from '../src/outbound/worker-jobs.js';
import { Wakeup } from '../src/outbound/worker-wakeup.js';

export const TYPE = 'test:fake:1';

let nextKey = 1;
export function job(variables: Record<string, unknown> = {}): ActivatedJob {
  return { info: fakeJob(TYPE, { key: String(1000 + nextKey++) }), variables };
}

export class FakeStream implements JobStream {
  closed = false;
  paused = false;
  private endListener: ((reason: string) => void) | undefined;

  constructor(
    readonly request: JobStreamRequest,
    private readonly onJob: (job: ActivatedJob) => void,
    readonly observed: boolean,
    private readonly pausable: boolean,
  ) {}

  push(j: ActivatedJob): void {
    this.onJob(j);
  }
  end(reason: string): void {
    this.endListener?.(reason);
  }
  close(): void {
    this.closed = true;
  }
  onEnd(listener: (reason: string) => void): void {
    this.endListener = listener;
  }
  pause(): boolean {
    if (this.pausable) this.paused = true;
    return this.pausable;
  }
  resume(): void {
    this.paused = false;
  }
}

export interface FakeEngine extends EngineClient {
  activations: ActivateJobsRequest[];
  /** Jobs the next activation rounds hand out (up to maxJobsToActivate). */
  waiting: ActivatedJob[];
  /** Replaces the default answer of an activation round. */
  activateWith?: (request: ActivateJobsRequest) => Promise<ActivatedJob[]>;
  streams: FakeStream[];
  /** Replaces the default stream opening (for example to fail it). */
  openWith?: (request: JobStreamRequest) => Promise<void>;
  streamObserved: boolean;
  streamPausable: boolean;
  completed: { jobKey: string; variables: Record<string, unknown> }[];
  failed: FailJobCommand[];
  errors: ThrowErrorCommand[];
}

export function fakeEngine(): FakeEngine {
  const engine: FakeEngine = {
    target: { address: 'grpc://fake:26500', authStrategy: 'NONE' },
    activations: [],
    waiting: [],
    streams: [],
    streamObserved: true,
    streamPausable: true,
    completed: [],
    failed: [],
    errors: [],
    async topology() {
      return { gatewayVersion: 'fake', clusterSize: 1, partitionsCount: 1, brokers: [] };
    },
    async activateJobs(request) {
      engine.activations.push(request);
      if (engine.activateWith) return engine.activateWith(request);
      return engine.waiting.splice(0, request.maxJobsToActivate);
    },
    async openJobStream(request, onJob) {
      if (engine.openWith) await engine.openWith(request);
      const stream = new FakeStream(request, onJob, engine.streamObserved, engine.streamPausable);
      engine.streams.push(stream);
      return stream;
    },
    async completeJob(jobKey, variables) {
      engine.completed.push({ jobKey, variables });
    },
    async failJob(command) {
      engine.failed.push(command);
    },
    async throwError(command) {
      engine.errors.push(command);
    },
    async close() {},
  };
  return engine;
}

/** A connector whose jobs finish when the test says so (`release`), or at once. */
export function gatedConnector(): { connector: OutboundConnector; release(): void; started: number } {
  let open: () => void = () => {};
  let gate = new Promise<void>((resolve) => (open = resolve));
  const state = {
    started: 0,
    connector: defineOutbound({
      id: 'test.fake',
      name: 'Fake',
      version: 1,
      type: TYPE,
      properties: { n: p.number({ label: 'n' }) },
      execute: async ({ signal }) => {
        state.started++;
        await Promise.race([gate, new Promise((resolve) => signal.addEventListener('abort', resolve))]);
        return { ok: true };
      },
    }) as unknown as OutboundConnector,
    release() {
      open();
      gate = new Promise<void>((resolve) => (open = resolve));
    },
  };
  return state;
}

export const instantConnector = defineOutbound({
  id: 'test.instant',
  name: 'Instant',
  version: 1,
  type: TYPE,
  properties: {},
  execute: () => ({ ok: true }),
}) as unknown as OutboundConnector;

export function workerOptions(engine: EngineClient, overrides: Partial<OutboundWorkerOptions> = {}): OutboundWorkerOptions {
  return {
    connector: instantConnector,
    type: TYPE,
    engine,
    secrets: { getSecret: () => undefined },
    logger: pino({ level: 'silent' }),
    metrics: new RuntimeMetrics(),
    workerName: 'test-worker',
    maxJobsActive: 4,
    jobTimeoutMs: 60_000,
    mode: 'polling',
    pollIntervalMs: 20,
    streamPollIntervalMs: 50,
    longPollMs: 30,
    ...overrides,
  };
}

/**
 * A worker's context as OutboundWorker builds it: a freed slot wakes the loop, and `onCapacity`
 * (for example the stream's) runs after, as in the worker.
 */
export function workerContext(options: OutboundWorkerOptions, onCapacity: () => void = () => {}): WorkerContext {
  const hooks = {
    onCapacity: () => {
      capacity.notify();
      onCapacity();
    },
  };
  const jobs = new JobRunner({
    connector: options.connector,
    type: options.type,
    engine: options.engine,
    secrets: options.secrets,
    logger: options.logger,
    metrics: options.metrics,
    maxJobsActive: options.maxJobsActive,
    onCapacity: () => hooks.onCapacity(),
  });
  const capacity = new Wakeup();
  return {
    o: options,
    type: options.type,
    log: options.logger,
    jobs,
    fetchVariables: ['n'],
    capacity,
    stopping: new Wakeup(),
    state: {
      running: true,
      mode: options.mode,
      consecutiveErrors: 0,
      lastError: undefined,
      lastActivityAt: undefined,
      restarts: 0,
      stalledSince: undefined,
      nextSafetyPollAt: 0,
    },
  };
}

/** Resolves once `check` holds (polled every 5 ms), or fails after `ms`. */
export async function until(check: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
