/**
 * The baseline: a bare `@camunda8/sdk` worker that completes every job of one type with
 * `job.complete()`, in a process of its own. Started by run.ts; prints `READY` on stdout once its
 * worker is open, and stops on SIGTERM (or when its parent's IPC channel closes).
 *
 *   node --import tsx tools/bench/src/bare-worker.ts --type bench:bare:1 --mode stream|poll [--max-jobs 32]
 *
 * - `stream`: `streamJobs` (StreamActivatedJobs), the mechanism the runtime uses by default, with
 *   the SDK's 30 s safety-net poll (the runtime's `CONNECTORKIT_STREAM_POLL_INTERVAL` default).
 * - `poll`: `createWorker` (ActivateJobs) with `maxJobsToActivate` = --max-jobs and the SDK's
 *   default 300 ms poll interval (the runtime's `CONNECTORKIT_POLL_INTERVAL` default).
 * Neither fetches variables: the no-op connector declares no properties, so the runtime fetches none either.
 */
import { parseArgs } from 'node:util';
import { hostname } from 'node:os';

const { values } = parseArgs({
  options: {
    type: { type: 'string' },
    mode: { type: 'string', default: 'stream' },
    'max-jobs': { type: 'string', default: '32' },
    'poll-interval': { type: 'string', default: '300' },
    'stream-poll-interval': { type: 'string', default: '30000' },
  },
});

const type = values.type;
if (!type) throw new Error('--type is required');
const mode = values.mode;
if (mode !== 'stream' && mode !== 'poll') throw new Error(`--mode must be stream or poll, got ${mode}`);
const maxJobs = Number(values['max-jobs']);
/** Zeebe treats an empty fetchVariable list as "all": ask for one name no process has (as the runtime does). */
const NO_VARIABLES = ['__bench_no_variables__'];

process.env.ZEEBE_CLIENT_LOG_LEVEL ??= 'NONE';
const { Camunda8 } = await import('@camunda8/sdk');
const zb = new Camunda8().getZeebeGrpcApiClient();
const worker = `bench-bare-${hostname()}-${process.pid}`;
let completed = 0;

let close: () => Promise<unknown>;
if (mode === 'stream') {
  const stream = await zb.streamJobs({
    type,
    worker,
    timeout: 300_000,
    // Left to the SDK (CAMUNDA_TENANT_ID, else the default tenant), as the runtime does: an explicit
    // empty list opens a stream that the engine never pushes a job to.
    tenantIds: undefined as unknown as string[],
    fetchVariables: NO_VARIABLES,
    pollInterval: Number(values['stream-poll-interval']),
    pollMaxJobsToActivate: maxJobs,
    taskHandler: (job) => {
      completed++;
      return job.complete();
    },
  });
  close = async () => stream.close();
} else {
  const w = zb.createWorker({
    taskType: type,
    id: worker,
    timeout: 300_000,
    maxJobsToActivate: maxJobs,
    pollInterval: Number(values['poll-interval']),
    fetchVariable: NO_VARIABLES,
    taskHandler: (job) => {
      completed++;
      return job.complete();
    },
  });
  close = () => w.close(2000);
}

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  const timer = setTimeout(() => process.exit(0), 3000);
  timer.unref();
  try {
    await close();
    await zb.close(2000);
  } finally {
    process.stderr.write(`bare worker (${mode}) completed ${completed} jobs\n`);
    process.exit(0);
  }
}
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
process.on('disconnect', () => void stop());

process.stdout.write('READY\n');
