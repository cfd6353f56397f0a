import type { WorkerHealth } from '../observability/index.js';

/** How a worker gets its jobs. */
export type WorkerMode = 'streaming' | 'polling';

/** The state of a worker's job stream (always `off` in polling mode). */
export type StreamState =
  /** Polling mode: no stream. */
  | 'off'
  | 'opening'
  | 'open'
  /** Closed while the worker is saturated; polling (which asks only for free capacity) takes over until the backlog drains. */
  | 'paused'
  /** Opening failed; the watchdog retries. Polling carries on meanwhile. */
  | 'failed';

export interface WorkerStatus {
  connectorId: string;
  type: string;
  mode: WorkerMode;
  stream: StreamState;
  running: boolean;
  /** Executing now. */
  inFlight: number;
  /** Activated, waiting for a free slot. */
  queued: number;
  maxJobsActive: number;
  /** Last successful activation round or job received (epoch ms). */
  lastActivityAt?: number;
  /** Activation rounds that failed in a row. */
  consecutiveErrors: number;
  /** The last activation or stream error, without secrets. */
  lastError?: { message: string; at: number };
  /** Times the watchdog restarted the poll loop or the stream. */
  restarts: number;
  /** Set while the watchdog considers the worker stuck. */
  stalledSince?: number;
}

/** Activation errors in a row after which the worker reports DOWN. */
export const DOWN_AFTER_ERRORS = 3;

/** A worker is UP while it runs, is not stuck, and its last activation rounds did not all fail. */
export function workerHealth(s: WorkerStatus): WorkerHealth {
  const down = !s.running || s.stalledSince !== undefined || s.consecutiveErrors >= DOWN_AFTER_ERRORS;
  const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());
  return {
    status: down ? 'DOWN' : 'UP',
    ...(s.lastActivityAt !== undefined ? { lastActivityAt: iso(s.lastActivityAt) } : {}),
    ...(down
      ? {
          error: !s.running
            ? 'worker stopped'
            : s.stalledSince !== undefined
              ? `activation stalled since ${iso(s.stalledSince)}; the watchdog is restarting it`
              : `${s.consecutiveErrors} activation rounds failed in a row: ${s.lastError?.message ?? 'unknown error'}`,
        }
      : {}),
    connectorId: s.connectorId,
    mode: s.mode,
    stream: s.stream,
    inFlight: s.inFlight,
    queued: s.queued,
    maxJobsActive: s.maxJobsActive,
    consecutiveErrors: s.consecutiveErrors,
    restarts: s.restarts,
    ...(s.lastError ? { lastError: { message: s.lastError.message, at: iso(s.lastError.at) } } : {}),
  };
}
