import type { OutboundConnector, SecretProvider } from '@connectorkit/sdk';
import type { Logger } from 'pino';
import type { EngineClient } from '../engine/index.js';
import type { RuntimeMetrics } from '../observability/index.js';
import type { JobRunner } from './worker-jobs.js';
import type { WorkerMode } from './worker-status.js';
import type { Wakeup } from './worker-wakeup.js';

export interface OutboundWorkerOptions {
  connector: OutboundConnector;
  /** The job type to serve (the connector's own, or the configured override). */
  type: string;
  engine: EngineClient;
  secrets: SecretProvider;
  logger: Logger;
  metrics: RuntimeMetrics;
  /** Worker name recorded on activated jobs. */
  workerName: string;
  /** Jobs executed at once, streamed and polled together. */
  maxJobsActive: number;
  /** Lock time of an activated job (ms). */
  jobTimeoutMs: number;
  /** `streaming`: a job stream plus a safety-net poll; `polling`: polling only. */
  mode: WorkerMode;
  /** Pause after an empty activation round when polling is the main channel (ms). */
  pollIntervalMs: number;
  /** Interval of the safety-net poll while the stream is open (ms). */
  streamPollIntervalMs: number;
  /** Long-poll time of an activation request when polling is the main channel (ms). Default 10000. */
  longPollMs?: number;
  /** Watchdog check interval (ms). Default 5000. */
  watchdogIntervalMs?: number;
  /** An activation call or loop silent this much longer than expected counts as stalled (ms). Default 15000. */
  stallGraceMs?: number;
  /** A stream younger than this is not suspected when the safety-net poll finds jobs (ms). Default 5000. */
  streamSettleMs?: number;
  /**
   * Whether the engine answers (the runtime's engine probe). A lost stream is reopened only while
   * it does; `OutboundWorker.engineRecovered` reopens it when the engine is back. Default: always.
   */
  engineAvailable?: () => boolean;
}

/** What the parts of a worker (job stream, activation loop, watchdog, shutdown) share and report in its status. */
export interface WorkerState {
  running: boolean;
  mode: WorkerMode;
  /** Activation failures in a row (reset by an activation or a stream that opens). */
  consecutiveErrors: number;
  lastError: { message: string; at: number } | undefined;
  lastActivityAt: number | undefined;
  /** Restarts of the poll loop (watchdog) and of the job stream. */
  restarts: number;
  stalledSince: number | undefined;
  /** While a stream is the main channel: when the next safety-net poll is due (epoch ms). */
  nextSafetyPollAt: number;
}

/** One worker's context, handed to each of its parts. */
export interface WorkerContext {
  readonly o: OutboundWorkerOptions;
  readonly type: string;
  readonly log: Logger;
  readonly jobs: JobRunner;
  readonly fetchVariables: readonly string[];
  /** Woken when capacity changes or on stop. */
  readonly capacity: Wakeup;
  /** Woken on stop only (error backoff), or when the engine is back. */
  readonly stopping: Wakeup;
  readonly state: WorkerState;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, Math.max(0, ms));
    t.unref();
  });
}
