/**
 * Optional instrumentation (run.ts --count-calls): preloaded into both worker processes with
 * `--import`, it counts the engine calls the process makes through `@camunda8/sdk` (ActivateJobs
 * calls through the client and the jobs they returned, `createWorker` polls, job streams opened,
 * jobs completed) and prints them as one
 * `BENCH_CALLS {...}` line on standard error when the process exits. Nothing of the runtime is changed.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';

const counts = { activateJobs: 0, jobsFromActivateJobs: 0, workerPolls: 0, streamJobs: 0, completeJob: 0 };

// The SDK is CommonJS: patching its class here patches the copy the runtime imports too.
const require = createRequire(join(process.cwd(), 'package.json'));
const sdk = require('@camunda8/sdk') as { Zeebe: { ZeebeGrpcClient: { prototype: Record<string, (...args: unknown[]) => unknown> } } };
const proto = sdk.Zeebe.ZeebeGrpcClient.prototype;

const activateJobs = proto.activateJobs;
proto.activateJobs = function (this: unknown, ...args: unknown[]) {
  counts.activateJobs++;
  const result = activateJobs.apply(this, args) as Promise<unknown[]>;
  return result.then((jobs) => {
    counts.jobsFromActivateJobs += Array.isArray(jobs) ? jobs.length : 0;
    return jobs;
  });
};
const streamJobs = proto.streamJobs;
proto.streamJobs = function (this: unknown, ...args: unknown[]) {
  counts.streamJobs++;
  return streamJobs.apply(this, args);
};
// createWorker's own polls go to the gateway directly, not through ZeebeGrpcClient.activateJobs.
const { ZBWorkerBase } = require('@camunda8/sdk/dist/zeebe/lib/ZBWorkerBase') as {
  ZBWorkerBase: { prototype: Record<string, (...args: unknown[]) => unknown> };
};
const workerPoll = ZBWorkerBase.prototype.activateJobs;
ZBWorkerBase.prototype.activateJobs = function (this: unknown, ...args: unknown[]) {
  counts.workerPolls++;
  return workerPoll.apply(this, args);
};
const completeJob = proto.completeJob;
proto.completeJob = function (this: unknown, ...args: unknown[]) {
  counts.completeJob++;
  return completeJob.apply(this, args);
};

process.on('exit', () => {
  process.stderr.write(`BENCH_CALLS ${JSON.stringify(counts)}\n`);
});
