import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HAND_BACK_MESSAGE } from '@connectorkit/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deploy, eventually, records, RUN, sameKey, testClient, type ZeebeClient } from './support/engine.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '../../..');
const CLI = resolve(ROOT, 'packages/runtime/src/cli/main.ts');
const SLOW_CONNECTOR = resolve(HERE, '../src/connectors/slow.ts');

const JOB_TYPE = `e2e:slow:1-${RUN}`;
const INSTANCES = 40;
const QUICK = 8; // the first instances take 200 ms, the others 20 s: slow jobs are in flight at SIGTERM
const MAX_JOBS = 4;

let client: ZeebeClient;
let child: ChildProcess | undefined;
let stderr = '';

/** The `connectors` command, from source, as a child process. */
function startCli(): ChildProcess {
  const cli = spawn(
    process.execPath,
    [
      '--conditions=@connectorkit/source',
      '--import',
      'tsx',
      CLI,
      'start',
      '--connector',
      SLOW_CONNECTOR,
      '--port',
      '0',
      '--host',
      '127.0.0.1',
      '--max-jobs',
      String(MAX_JOBS),
      '--job-timeout',
      '10m',
      '--shutdown-timeout',
      '1s',
    ],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        CONNECTORKIT_DISCOVERY: 'false',
        CONNECTORKIT_JOB_TYPE_E2E_SLOW: JOB_TYPE,
        CONNECTORKIT_WORKER_NAME: `e2e-cli-${RUN}`,
        LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  // The CLI's JSON logs: to a file when E2E_CLI_LOG names one, else dropped.
  if (process.env.E2E_CLI_LOG) cli.stdout!.pipe(createWriteStream(process.env.E2E_CLI_LOG));
  else cli.stdout!.resume();
  cli.stderr!.setEncoding('utf8');
  cli.stderr!.on('data', (d: string) => (stderr += d));
  return cli;
}

const exited = (cli: ChildProcess) =>
  new Promise<number | null>((resolve) => (cli.exitCode !== null ? resolve(cli.exitCode) : cli.once('exit', (code) => resolve(code))));

async function cliUrl(): Promise<string> {
  return eventually('the CLI to listen and connect', async () =>
    stderr.includes('engine connected, workers running') ? /listening on (http:\/\/\S+)/.exec(stderr)?.[1] : undefined,
  );
}

interface Readiness {
  components: { workers: { details: Record<string, { inFlight: number }> } };
}

const jobRecords = async (intent: string) => (await records('JOB')).filter((r) => r.intent === intent && r.value.type === JOB_TYPE);

beforeAll(async () => {
  client = testClient();
  await deploy(client, 'load.bpmn');
});

afterAll(async () => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  await client.close();
});

describe('connectors start, stopped by SIGTERM under load', () => {
  it('exits 0 and leaves no job locked: another worker can take every remaining job at once', async () => {
    child = startCli();
    const url = await cliUrl();

    const instanceKeys: string[] = [];
    for (let i = 0; i < INSTANCES; i++) {
      const created = await client.createProcessInstance({
        bpmnProcessId: 'e2e-load',
        variables: { jobType: JOB_TYPE, delayMs: i < QUICK ? 200 : 20_000 },
      });
      instanceKeys.push(created.processInstanceKey);
    }

    // Busy: the quick jobs are done (the CLI's own metrics say so) and slow ones fill every slot.
    await eventually('the runtime to complete the quick jobs', async () => {
      const metrics = await (await fetch(`${url}/metrics`)).text();
      const completed = Number(/^connectors_jobs_completed_total\{type="[^"]+"\} (\d+)/m.exec(metrics)?.[1] ?? 0);
      return completed >= QUICK ? true : undefined;
    });
    await eventually('every slot to be busy', async () => {
      const health = (await (await fetch(`${url}/health/ready`)).json()) as Readiness;
      return health.components.workers.details[JOB_TYPE]?.inFlight === MAX_JOBS ? true : undefined;
    });

    const sigtermAt = Date.now();
    child.kill('SIGTERM');
    const code = await exited(child);
    const shutdownMs = Date.now() - sigtermAt;
    expect(code, stderr).toBe(0);
    expect(stderr).toContain('handed back to the engine');

    // Handed back = failed with the retries it had, so it is activatable at once.
    const handedBack = (await jobRecords('FAILED')).filter((r) => r.value.errorMessage === HAND_BACK_MESSAGE);
    expect(handedBack.length).toBeGreaterThanOrEqual(MAX_JOBS);
    expect(handedBack.every((r) => r.value.retries === 3)).toBe(true);

    // Another worker takes over everything the runtime did not complete (jobs are locked for 10 min otherwise).
    const completedByRuntime = (await jobRecords('COMPLETED')).length;
    const remaining = INSTANCES - completedByRuntime;
    const takeoverStart = Date.now();
    const taken = new Set<string>();
    for (let attempt = 0; attempt < 50 && taken.size < remaining; attempt++) {
      const jobs = await client.activateJobs({
        type: JOB_TYPE,
        worker: `e2e-takeover-${RUN}`,
        maxJobsToActivate: INSTANCES,
        timeout: 60_000,
        requestTimeout: -1,
      });
      for (const job of jobs) {
        taken.add(job.key);
        await client.completeJob({ jobKey: job.key, variables: {} });
      }
      if (taken.size < remaining) await new Promise((r) => setTimeout(r, 100));
    }
    const takeoverMs = Date.now() - takeoverStart;
    expect(taken.size, `${remaining - taken.size} job(s) still locked after the runtime exited`).toBe(remaining);

    await eventually(
      'every instance to complete',
      async () => {
        const done = (await records('PROCESS_INSTANCE')).filter((r) => r.intent === 'ELEMENT_COMPLETED' && r.value.bpmnElementType === 'PROCESS');
        return instanceKeys.every((k) => done.some((r) => sameKey(r.value.processInstanceKey, k))) ? true : undefined;
      },
      20,
      500,
    );
    console.log(
      `[e2e] SIGTERM -> exit ${shutdownMs} ms (shutdown timeout 1 s); completed by the runtime ${completedByRuntime}, ` +
        `handed back ${handedBack.length}, taken over ${taken.size} in ${takeoverMs} ms`,
    );
  });
});
