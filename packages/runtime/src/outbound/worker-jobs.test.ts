import { defineOutbound, p, type OutboundConnector } from '@connectorkit/sdk';
import { fakeJob } from '@connectorkit/sdk/testing';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { fakeEngine, TYPE, until } from '../../test/fake-engine.js';
import { EngineError } from '../engine/errors.js';
import { RuntimeMetrics } from '../observability/metrics.js';
import { describeTimeout, JobRunner } from './worker-jobs.js';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const logger = pino({ level: 'debug' }, { write: (l: string) => lines.push(JSON.parse(l) as Record<string, unknown>) });
  return { lines, logger };
}

function runner(connector: OutboundConnector, engine = fakeEngine(), extra: { jobTimeoutMs?: number; maxJobsActive?: number } = {}) {
  const { lines, logger } = capture();
  const metrics = new RuntimeMetrics({ defaultMetrics: false });
  const jobs = new JobRunner({
    connector,
    type: TYPE,
    engine,
    secrets: { getSecret: () => undefined },
    logger,
    metrics,
    maxJobsActive: 2,
    onCapacity: () => {},
    ...extra,
  });
  return { jobs, engine, lines, metrics };
}

const returning = (value: unknown, calls = { n: 0 }) =>
  defineOutbound({
    id: 'test.returning',
    name: 'Returning',
    version: 1,
    type: TYPE,
    properties: { n: p.number({ label: 'n' }) },
    execute: () => {
      calls.n++;
      return value;
    },
  }) as unknown as OutboundConnector;

describe('JobRunner: no job loops forever', () => {
  it('fails the job with no retries (an incident) when the engine refuses a large completion, and counts and logs it', async () => {
    const big = 'x'.repeat(2 * 1024 * 1024);
    const { jobs, engine, lines, metrics } = runner(returning({ big }));
    engine.completeJob = async () => {
      throw new EngineError('ENGINE_REJECTED', 'completing job 1: 2 UNKNOWN: Application error processing RPC');
    };
    jobs.accept({ info: fakeJob(TYPE, { key: '7', customHeaders: { resultVariable: 'r' } }), variables: {} }, 'poll');
    await until(() => engine.failed.length === 1);
    const failed = engine.failed[0]!;
    expect(failed).toMatchObject({ jobKey: '7', retries: 0, retryBackoffMs: 0 });
    expect(failed.errorMessage).toMatch(/the result is too large for the engine: \d{7} bytes/);
    expect(failed.errorMessage).toContain('2 UNKNOWN: Application error processing RPC');
    const text = await metrics.metrics();
    expect(text).toMatch(/connectors_jobs_failed_total\{type="test:fake:1"\} 1/);
    expect(text).toMatch(/connectors_job_commands_rejected_total\{type="test:fake:1",command="complete"\} 1/);
    const line = lines.find((l) => l.level === 50);
    expect(line?.reason).toContain('Application error processing RPC');
  });

  it('says the engine refused a small completion, with its reason', async () => {
    const { jobs, engine } = runner(returning({ ok: true }));
    engine.completeJob = async () => {
      throw new EngineError('ENGINE_REJECTED', 'completing job 1: 3 INVALID_ARGUMENT: bad variables');
    };
    jobs.accept({ info: fakeJob(TYPE, { key: '8' }), variables: {} }, 'poll');
    await until(() => engine.failed.length === 1);
    expect(engine.failed[0]!.errorMessage).toBe('The connector succeeded, but the engine refused the completion: completing job 1: 3 INVALID_ARGUMENT: bad variables');
    expect(engine.failed[0]!.retries).toBe(0);
  });

  it('leaves the job to its timeout when the engine cannot be reached (nothing was decided)', async () => {
    const { jobs, engine, lines } = runner(returning({ ok: true }));
    engine.completeJob = async () => {
      throw new EngineError('ENGINE_UNREACHABLE', 'completing job 1: 14 UNAVAILABLE: No connection established');
    };
    jobs.accept({ info: fakeJob(TYPE, { key: '9' }), variables: {} }, 'poll');
    await until(() => lines.some((l) => l.level === 50));
    expect(engine.failed).toEqual([]);
    expect(lines.find((l) => l.level === 50)?.reason).toContain('14 UNAVAILABLE');
  });

  it('fails a job with an unreadable variable at once, without running the connector, naming the variable', async () => {
    const calls = { n: 0 };
    const { jobs, engine } = runner(returning({}, calls));
    jobs.accept(
      {
        info: fakeJob(TYPE, { key: '10' }),
        variables: {},
        unreadable: [{ path: 'order.amount', rule: 'holds an integer of 20 digits, beyond what the connector runtime can hold exactly' }],
      },
      'stream',
    );
    await until(() => engine.failed.length === 1);
    expect(calls.n).toBe(0);
    expect(engine.failed[0]).toMatchObject({ retries: 0, retryBackoffMs: 0 });
    expect(engine.failed[0]!.errorMessage).toContain("variable 'order.amount' holds an integer of 20 digits");
  });

  it('says the job timeout ran out, and how long it was, when the connector was stopped by it', async () => {
    const aborting = defineOutbound({
      id: 'test.aborting',
      name: 'Aborting',
      version: 1,
      type: TYPE,
      properties: {},
      execute: ({ signal }) =>
        new Promise((_, reject) => signal.addEventListener('abort', () => reject(Object.assign(new Error('the job was cancelled (ERR_CANCELED)'), { name: 'ConnectorError' })))),
    }) as unknown as OutboundConnector;
    const { jobs, engine } = runner(aborting, fakeEngine(), { jobTimeoutMs: 30_000 });
    jobs.accept({ info: fakeJob(TYPE, { key: '11', deadline: Date.now() + 50 }), variables: {} }, 'poll');
    await until(() => engine.failed.length === 1);
    expect(engine.failed[0]!.errorMessage).toMatch(/^The job timeout ran out: the connector was stopped after 30 s \(the job timeout, CONNECTORKIT_JOB_TIMEOUT\)\. The connector reported: the job was cancelled \(ERR_CANCELED\)/);
  });

  it('describes timeouts in words', () => {
    expect(describeTimeout(300_000)).toBe('5 min');
    expect(describeTimeout(30_000)).toBe('30 s');
    expect(describeTimeout(1500)).toBe('1500 ms');
  });
});

describe("JobRunner: the task's jobTimeout header", () => {
  const waitingForAbort = () =>
    defineOutbound({
      id: 'test.waiting',
      name: 'Waiting',
      version: 1,
      type: TYPE,
      properties: {},
      execute: ({ signal }) =>
        new Promise((_, reject) => {
          signal.addEventListener('abort', () => reject(signal.reason));
        }),
    }) as unknown as OutboundConnector;

  it('asks the engine for the job timeout the task sets, and stops the connector when that one runs out', async () => {
    const engine = fakeEngine();
    const updates: [string, number][] = [];
    engine.updateJobTimeout = async (key, ms) => void updates.push([key, ms]);
    const { jobs } = runner(waitingForAbort(), engine, { jobTimeoutMs: 300_000 });
    // The worker activated it for 5 minutes; the task says one second.
    jobs.accept({ info: fakeJob(TYPE, { key: '11', deadline: Date.now() + 300_000, customHeaders: { jobTimeout: 'PT1S' } }), variables: {} }, 'poll');
    await until(() => engine.failed.length === 1, 5000);
    expect(updates).toEqual([['11', 1000]]);
    expect(engine.failed[0]!.errorMessage).toContain('The job timeout ran out: the connector was stopped after 1 s');
  });

  it("keeps the worker's timeout when the engine refuses, and raises an invalid header as an incident", async () => {
    const engine = fakeEngine();
    engine.updateJobTimeout = async () => {
      throw new EngineError('ENGINE_REJECTED', 'updating the timeout of job 12: 12 UNIMPLEMENTED');
    };
    const { jobs, lines } = runner(returning({ ok: true }), engine);
    jobs.accept({ info: fakeJob(TYPE, { key: '12', customHeaders: { jobTimeout: 'PT30S' } }), variables: {} }, 'poll');
    await until(() => engine.completed.length === 1);
    expect(lines.some((l) => String(l.msg).includes("the engine refused the task's jobTimeout"))).toBe(true);
    jobs.accept({ info: fakeJob(TYPE, { key: '13', customHeaders: { jobTimeout: 'soon' } }), variables: {} }, 'poll');
    await until(() => engine.failed.length === 1);
    expect(engine.failed[0]).toMatchObject({ jobKey: '13', retries: 0 });
    expect(engine.failed[0]!.errorMessage).toContain('Invalid jobTimeout header "soon"');
  });
});

describe('JobRunner: slots', () => {
  it('gives a slot to the next job while the outcome of the last one travels to the engine, up to maxJobsActive outcomes on their way', async () => {
    const engine = fakeEngine();
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const complete = engine.completeJob.bind(engine);
    engine.completeJob = async (jobKey, variables) => {
      await gate;
      await complete(jobKey, variables);
    };
    const calls = { n: 0 };
    const { jobs } = runner(returning({ ok: true }, calls), engine, { maxJobsActive: 1 });
    for (let i = 0; i < 3; i++) jobs.accept({ info: fakeJob(TYPE, { key: String(100 + i) }), variables: { n: i } }, 'stream');
    // the first job's completion is on its way: the second one runs meanwhile
    await until(() => calls.n === 2);
    expect(jobs.inFlight).toBe(2);
    // two completions on their way with one slot: the third job waits for one of them
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(calls.n).toBe(2);
    expect(jobs.queued).toBe(1);
    expect(jobs.free).toBe(0);
    release();
    await until(() => engine.completed.length === 3);
    expect(calls.n).toBe(3);
    expect(await jobs.drain(Date.now() + 1000)).toBe(true);
    expect(jobs.inFlight).toBe(0);
  });
});

