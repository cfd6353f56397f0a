// The bare side of lean.ts (issue #15): a plain `@camunda8/sdk` worker that does what the REST
// connector does for a GET, and nothing more: axios GET of the job's `url` variable, then
// `job.complete()` with two fields of the answer (what the runtime's resultExpression maps).
// Plain JavaScript, run with plain `node` (no tsx), as the built runtime is.
//
//   node tools/bench/src/lean-bare.mjs --type bench:lean:bare [--max-jobs 32] [--grpc-compression gzip|none]
//
// Prints READY once its stream is open; stops on SIGTERM or when its parent's IPC channel closes.
import { parseArgs } from 'node:util';
import { hostname } from 'node:os';

const { values } = parseArgs({
  options: {
    type: { type: 'string' },
    'max-jobs': { type: 'string', default: '32' },
    'stream-poll-interval': { type: 'string', default: '30000' },
    /** gzip: the SDK as shipped; none: the channel the runtime uses by default (for a like-for-like run). */
    'grpc-compression': { type: 'string', default: 'gzip' },
  },
});
if (!values.type) throw new Error('--type is required');
if (values['grpc-compression'] !== 'gzip') {
  // Only the runtime's small channel patch (node:module and grpc-js), not the runtime itself: the
  // package's entry points would load the whole runtime into the bare worker.
  // eslint-disable-next-line @nx/enforce-module-boundaries
  const { useGrpcCompression } = await import('../../../packages/runtime/dist/engine/grpc-compression.js');
  const problem = useGrpcCompression(values['grpc-compression']);
  if (problem) throw new Error(`--grpc-compression ${values['grpc-compression']}: ${problem}`);
}

process.env.ZEEBE_CLIENT_LOG_LEVEL ??= 'NONE';
const [{ Camunda8 }, { default: axios }] = await Promise.all([import('@camunda8/sdk'), import('axios')]);
const zb = new Camunda8().getZeebeGrpcApiClient();
let completed = 0;

const stream = await zb.streamJobs({
  type: values.type,
  worker: `bench-lean-bare-${hostname()}-${process.pid}`,
  timeout: 300_000,
  tenantIds: undefined,
  fetchVariables: ['url'],
  pollInterval: Number(values['stream-poll-interval']),
  pollMaxJobsToActivate: Number(values['max-jobs']),
  taskHandler: async (job) => {
    const res = await axios.get(job.variables.url, { timeout: 20_000 });
    completed++;
    return job.complete({ customerName: res.data.name, customerTier: res.data.tier });
  },
});

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  setTimeout(() => process.exit(0), 3000).unref();
  try {
    stream.close();
    await zb.close(2000);
  } finally {
    process.stderr.write(`lean bare worker completed ${completed} jobs\n`);
    process.exit(0);
  }
}
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
process.on('disconnect', () => void stop());
process.stdout.write('READY\n');
