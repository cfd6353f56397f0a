import type { Camunda8 } from '@camunda8/sdk';

type ZeebeGrpcClient = ReturnType<Camunda8['getZeebeGrpcApiClient']>;

export interface LoadResult {
  instances: number;
  /** Instances that completed (the others failed or timed out). */
  completed: number;
  /** Instances that did not complete within the per-instance timeout (or failed): their job was lost or stuck. */
  lost: number;
  seconds: number;
  /** Completed process instances per second, end to end. */
  rate: number;
  /** Per-instance latency (create -> completed) of the completed ones, ms. */
  p50: number;
  p99: number;
  /** The first failure, if any. */
  firstError?: string;
}

export interface LoadOptions {
  processId: string;
  instances: number;
  /** Instances in flight at once. */
  concurrency: number;
  /** An instance not completed after this long counts as lost (ms). */
  instanceTimeoutMs: number;
  /** No new instance is started after this (ms from the start). */
  deadlineMs: number;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Rejects after `ms` unless `promise` settles first; the timer never keeps the process alive. */
function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`not completed within ${ms} ms`)), ms);
    timer.unref();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Creates `instances` instances of `processId` with `createProcessInstanceWithResult`, at most
 * `concurrency` at a time, and measures the time until the last one has completed. Bounded: an
 * instance counts as lost after `instanceTimeoutMs`, and no instance starts after `deadlineMs`.
 */
export async function driveInstances(zb: ZeebeGrpcClient, o: LoadOptions): Promise<LoadResult> {
  let next = 0;
  let lost = 0;
  let firstError: string | undefined;
  const latencies: number[] = [];
  const start = performance.now();
  const lane = async (): Promise<void> => {
    while (next < o.instances && performance.now() - start < o.deadlineMs) {
      next++;
      const t0 = performance.now();
      try {
        await within(
          zb.createProcessInstanceWithResult({ bpmnProcessId: o.processId, variables: {}, requestTimeout: o.instanceTimeoutMs }),
          o.instanceTimeoutMs + 2000,
        );
        latencies.push(performance.now() - t0);
      } catch (e) {
        lost++;
        firstError ??= e instanceof Error ? e.message : String(e);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(o.concurrency, o.instances) }, lane));
  const seconds = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    instances: o.instances,
    completed: latencies.length,
    lost: lost + (o.instances - next),
    seconds,
    rate: latencies.length / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    ...(firstError ? { firstError } : {}),
  };
}
