import { describe, expect, it } from 'vitest';
import { register as globalRegistry } from 'prom-client';
import { RuntimeMetrics } from './metrics.js';

const HTTP = 'io.camunda:http-json:1';
const SLACK = 'io.camunda:slack:1';

describe('RuntimeMetrics', () => {
  it('counts jobs by outcome, labelled by job type', async () => {
    const m = new RuntimeMetrics({ defaultMetrics: false });
    m.jobActivated(HTTP);
    m.jobActivated(HTTP);
    m.jobActivated(SLACK);
    m.jobCompleted(HTTP, 0.2);
    m.jobFailed(HTTP, 1.5);
    m.bpmnError(SLACK, 0.01);
    const text = await m.metrics();
    expect(text).toContain(`connectors_jobs_activated_total{type="${HTTP}"} 2`);
    expect(text).toContain(`connectors_jobs_activated_total{type="${SLACK}"} 1`);
    expect(text).toContain(`connectors_jobs_completed_total{type="${HTTP}"} 1`);
    expect(text).toContain(`connectors_jobs_failed_total{type="${HTTP}"} 1`);
    expect(text).toContain(`connectors_jobs_bpmn_errors_total{type="${SLACK}"} 1`);
    expect(text).not.toContain(`connectors_jobs_completed_total{type="${SLACK}"}`);
  });

  it('records execution time in a histogram per type, skipping unusable durations', async () => {
    const m = new RuntimeMetrics({ defaultMetrics: false });
    m.jobCompleted(HTTP, 0.2);
    m.jobFailed(HTTP, 40);
    m.jobCompleted(HTTP, Number.NaN);
    m.jobCompleted(HTTP, -1);
    const text = await m.metrics();
    expect(text).toContain(`connectors_job_execution_seconds_count{type="${HTTP}"} 2`);
    expect(text).toContain(`connectors_job_execution_seconds_sum{type="${HTTP}"} 40.2`);
    expect(text).toContain(`connectors_job_execution_seconds_bucket{le="0.25",type="${HTTP}"} 1`);
    expect(text).toContain(`connectors_job_execution_seconds_bucket{le="60",type="${HTTP}"} 2`);
    expect(text).toContain(`connectors_jobs_completed_total{type="${HTTP}"} 3`);
  });

  it('tracks jobs in flight', async () => {
    const m = new RuntimeMetrics({ defaultMetrics: false });
    m.inFlight(HTTP, 1);
    m.inFlight(HTTP, 1);
    m.inFlight(HTTP, -1);
    expect(await m.metrics()).toContain(`connectors_jobs_in_flight{type="${HTTP}"} 1`);
  });

  it('adds process metrics with the given prefix, on its own registry', async () => {
    const before = await globalRegistry.metrics();
    const a = new RuntimeMetrics({ defaultMetricsPrefix: 'connectors_' });
    const b = new RuntimeMetrics();
    expect(await a.metrics()).toContain('connectors_process_cpu_user_seconds_total');
    expect(await b.metrics()).toContain('\nprocess_cpu_user_seconds_total');
    expect(await globalRegistry.metrics()).toBe(before);
    expect(a.contentType).toMatch(/^text\/plain; version=0\.0\.4/);
  });

  it('starts the process metrics once, when the runtime asks or at the first scrape at the latest', async () => {
    const m = new RuntimeMetrics();
    const names = async () => (await m.registry.getMetricsAsJSON()).map((x) => x.name);
    expect(await names()).not.toContain('process_cpu_user_seconds_total');
    m.startProcessMetrics();
    m.startProcessMetrics();
    expect(await names()).toContain('process_cpu_user_seconds_total');
    expect(await names()).toContain('nodejs_eventloop_lag_seconds');
    const lazy = new RuntimeMetrics();
    expect(await lazy.metrics()).toContain('\nprocess_resident_memory_bytes');
    const off = new RuntimeMetrics({ defaultMetrics: false });
    off.startProcessMetrics();
    expect(await off.metrics()).not.toContain('process_cpu_user_seconds_total');
  });
});
