/**
 * Per-job CPU of the runtime's outbound path without an engine (no gRPC): an `OutboundWorker`
 * fed by a fake job stream whose acknowledgements resolve at once, against the least a bare
 * worker does per job, plus the pieces of the runtime path on their own. Deterministic enough to
 * check a change to the runtime's hot path in seconds; the end-to-end figure is run.ts.
 *
 *   npx tsx --conditions=@connectorkit/source tools/bench/src/micro.ts [--jobs 50000] [--max-jobs 32] [--worker-only]
 */
import { parseArgs } from 'node:util';
import { createWriteStream } from 'node:fs';
import { createLogger, envSecretProvider, RuntimeMetrics } from '@connectorkit/runtime';
import { executeJob, OutboundWorker, type ActivatedJob, type EngineClient } from '@connectorkit/runtime/internals';
import { pino } from 'pino';
import noop from './noop-connector.js';

const { values } = parseArgs({
  options: {
    jobs: { type: 'string', default: '50000' },
    'max-jobs': { type: 'string', default: '32' },
    /** Only the worker path (e.g. under --cpu-prof). */
    'worker-only': { type: 'boolean', default: false },
  },
});
const JOBS = Number(values.jobs);
const MAX_JOBS = Number(values['max-jobs']);
const TYPE = noop.type;

let seq = 0;
function makeJob(): ActivatedJob {
  const key = String(2251799813685248 + seq++);
  return {
    info: {
      key,
      type: TYPE,
      processInstanceKey: String(2251799813600000 + seq),
      processDefinitionKey: '2251799813685249',
      bpmnProcessId: 'bench_runtime_stream',
      elementId: 'task',
      elementInstanceKey: String(2251799813700000 + seq),
      retries: 3,
      deadline: Date.now() + 300_000,
      customHeaders: Object.freeze({}),
    },
    variables: {},
  };
}

type JobStream = Awaited<ReturnType<EngineClient['openJobStream']>>;

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

/** CPU ms (user + system) per job of `run`, after a warm-up of a fifth of the jobs. */
async function measure(name: string, run: (jobs: number) => Promise<void>): Promise<number> {
  await run(Math.ceil(JOBS / 5));
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await run(JOBS);
  const cpu = process.cpuUsage(cpu0);
  const perJob = (cpu.user + cpu.system) / 1000 / JOBS;
  console.log(`${name.padEnd(58)} ${(perJob * 1000).toFixed(1).padStart(7)} µs/job CPU  (${(JOBS / ((performance.now() - t0) / 1000)).toFixed(0)} jobs/s)`);
  return perJob;
}

/** Feeds `jobs` jobs through a fake stream that honours pause/resume, and waits until all are completed. */
function fakeEngine(): { engine: EngineClient; feed(jobs: number): Promise<void> } {
  let onJob: ((job: ActivatedJob) => void) | undefined;
  let paused = false;
  let toSend = 0;
  let pending = 0;
  let done: (() => void) | undefined;
  const pump = () => {
    while (!paused && toSend > 0 && onJob) {
      toSend--;
      onJob(makeJob());
    }
  };
  const stream: JobStream = {
    close: () => undefined,
    onEnd: () => undefined,
    observed: true,
    pause: () => ((paused = true), true),
    resume: () => {
      paused = false;
      setImmediate(pump);
    },
  };
  const engine = {
    target: { address: 'fake', authStrategy: 'NONE' },
    topology: async () => ({ gatewayVersion: 'fake', clusterSize: 1, partitionsCount: 1, brokers: [] }),
    activateJobs: async () => {
      await tick();
      return [];
    },
    openJobStream: async (_req: unknown, handler: (job: ActivatedJob) => void) => {
      onJob = handler;
      return stream;
    },
    completeJob: async () => {
      await tick();
      if (--pending === 0) done?.();
    },
    failJob: async () => undefined,
    throwError: async () => undefined,
    close: async () => undefined,
  } as unknown as EngineClient;
  return {
    engine,
    feed: (jobs) =>
      new Promise<void>((resolve) => {
        pending = jobs;
        toSend = jobs;
        done = resolve;
        // Like the engine: a window of jobs at a time, topped up as they complete.
        const refill = setInterval(pump, 1);
        void new Promise<void>((r) => (done = r)).then(() => {
          clearInterval(refill);
          resolve();
        });
        pump();
      }),
  };
}

const devNull = createWriteStream('/dev/null');
const logger = createLogger({ level: 'info', destination: devNull, name: 'connectors' });
const secrets = envSecretProvider({ env: {} });

async function main(): Promise<void> {
  console.log(`${JOBS} jobs per measurement, max jobs ${MAX_JOBS}, Node ${process.version}\n`);

  // The floor: what a bare worker does per job besides gRPC (receive, complete).
  const bare = fakeEngine();
  bare.engine.openJobStream({ type: TYPE, worker: 'bare', timeoutMs: 1, fetchVariables: [] }, (job) => {
    void bare.engine.completeJob(job.info.key, {});
  });
  const floor = await measure('bare floor: fake stream -> completeJob', (n) => bare.feed(n));

  const fake = fakeEngine();
  const worker = new OutboundWorker({
    connector: noop,
    type: TYPE,
    engine: fake.engine,
    secrets,
    logger,
    metrics: new RuntimeMetrics(),
    workerName: 'bench',
    maxJobsActive: MAX_JOBS,
    jobTimeoutMs: 300_000,
    mode: 'streaming',
    pollIntervalMs: 300,
    streamPollIntervalMs: 30_000,
  });
  worker.start();
  await tick();
  const full = await measure('runtime: OutboundWorker (stream, JobRunner, execute, ack)', (n) => fake.feed(n));
  await worker.stop(Date.now() + 1000);
  if (values['worker-only']) return;

  console.log('\npieces of the runtime path, each on its own:');
  const job = makeJob();
  const bindings = { jobKey: job.info.key, jobType: job.info.type, processInstanceKey: job.info.processInstanceKey };
  await measure('  logger.child({}).child(job fields) (what jobLogger does)', async (n) => {
    for (let i = 0; i < n; i++) logger.child({}).child({ ...bindings, bpmnProcessId: 'p', elementId: 'task', elementInstanceKey: '1' });
  });
  const plain = createLogger({ level: 'info', destination: devNull, name: 'connectors' });
  const noRedact = pino({ level: 'info' }, devNull);
  await measure('  same child on a pino logger without redact paths', async (n) => {
    for (let i = 0; i < n; i++) noRedact.child({}).child({ ...bindings, bpmnProcessId: 'p', elementId: 'task', elementInstanceKey: '1' });
  });
  await measure('  executeJob(noop) (headers, secrets, bind, execute, outcome)', async (n) => {
    const signal = new AbortController().signal;
    for (let i = 0; i < n; i++) await executeJob(noop, job, { secrets, logger: plain, signal });
  });
  const metrics = new RuntimeMetrics();
  await measure('  metrics: activated + in-flight +1/-1 + completed histogram', async (n) => {
    for (let i = 0; i < n; i++) {
      metrics.jobActivated(TYPE);
      metrics.inFlight(TYPE, 1);
      metrics.inFlight(TYPE, -1);
      metrics.jobCompleted(TYPE, 0.01);
    }
  });
  await measure('  two unref\'d timers + AbortController per job', async (n) => {
    for (let i = 0; i < n; i++) {
      const c = new AbortController();
      const a = setTimeout(() => c.abort(), 300_000);
      a.unref();
      const b = setTimeout(() => undefined, 305_000);
      b.unref();
      clearTimeout(a);
      clearTimeout(b);
    }
  });
  console.log(`\nruntime path minus bare floor: ${((full - floor) * 1000).toFixed(1)} µs/job`);
  devNull.end();
}

// The runtime's timers are unref'd and the fake engine holds no socket: keep the loop alive meanwhile.
const keepAlive = setInterval(() => undefined, 1000);
await main();
clearInterval(keepAlive);
process.exit(0);
