import { describe, expect, it } from 'vitest';
import { DOWN_AFTER_ERRORS, workerHealth, type WorkerStatus } from './worker-status.js';

const base: WorkerStatus = {
  connectorId: 'c',
  type: 't',
  mode: 'streaming',
  stream: 'open',
  running: true,
  inFlight: 1,
  queued: 0,
  maxJobsActive: 32,
  consecutiveErrors: 0,
  restarts: 0,
  lastActivityAt: Date.UTC(2026, 0, 1),
};

describe('workerHealth', () => {
  it('is UP for a running worker, with its details for readiness', () => {
    expect(workerHealth(base)).toMatchObject({ status: 'UP', lastActivityAt: '2026-01-01T00:00:00.000Z', mode: 'streaming', stream: 'open', inFlight: 1 });
  });

  it('is DOWN, with the reason, when activation keeps failing, the worker stalled or stopped', () => {
    const failing = workerHealth({ ...base, consecutiveErrors: DOWN_AFTER_ERRORS, lastError: { message: '14 UNAVAILABLE: No connection established', at: 0 } });
    expect(failing).toMatchObject({ status: 'DOWN', error: `${DOWN_AFTER_ERRORS} activation rounds failed in a row: 14 UNAVAILABLE: No connection established` });
    expect(workerHealth({ ...base, consecutiveErrors: DOWN_AFTER_ERRORS - 1 }).status).toBe('UP');
    expect(workerHealth({ ...base, stalledSince: Date.UTC(2026, 0, 1) })).toMatchObject({ status: 'DOWN', error: expect.stringContaining('stalled since 2026-01-01T00:00:00.000Z') });
    expect(workerHealth({ ...base, running: false })).toMatchObject({ status: 'DOWN', error: 'worker stopped' });
  });
});
