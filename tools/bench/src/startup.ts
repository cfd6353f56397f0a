/**
 * Start-up only (issue #15): starts the BUILT runtime (plain `node`, discovery on from the
 * repository root, so every connector package of the workspace loads) and the bare
 * `@camunda8/sdk` worker (lean-bare.mjs) one after the other, `--runs` times each, against a
 * running engine, and prints the median time to ready, RSS when ready and latency of the first and
 * second process instance after the start (the REST task of rest-task.ts) of both, and when the
 * runtime first wrote each message of its log (LOG_LEVEL=debug). Quicker than lean.ts for trying a
 * start-up change; lean.ts uses the same functions for its own start-up figures. Run by hand from
 * the repository root, after a build, with an engine running:
 *
 *   node tools/engine/engine.mjs start && npx tsx tools/bench/src/startup.ts [--runs 9] [--address grpc://localhost:26500]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { restProcess, startRestServer, type InstanceStarter } from './rest-task.js';
import { currentRss, freePort, killAllChildrenNow, logMessages, median, spawnNode, stopAllChildren, stopChild, waitForHttp200, whole, type Child } from './proc.js';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const benchSrc = join(root, 'tools', 'bench', 'src');
export const DEFAULT_RUNTIME_ENTRY = join(root, 'packages', 'runtime', 'dist', 'cli', 'main.js');

export interface StartedSide {
  child: Child;
  /** When it was spawned (epoch ms). */
  startedAt: number;
  /** Spawn until ready: `/health/ready` answers 200 (runtime), `READY` printed once its stream is open (bare). */
  readyMs: number;
  /** VmRSS when ready, bytes. */
  readyRss: number | undefined;
}

/** Starts a built runtime CLI (`node <entry> start`) on a free port and waits until `/health/ready` answers 200. */
export async function startRuntimeSide(o: { label: string; entry: string; cwd: string; env: NodeJS.ProcessEnv; logFile: string; nodeArgs?: string[] }): Promise<StartedSide> {
  const port = await freePort();
  const startedAt = Date.now();
  const { child } = spawnNode({
    name: o.label,
    args: [...(o.nodeArgs ?? []), o.entry, 'start'],
    cwd: o.cwd,
    logFile: o.logFile,
    env: { ...o.env, CONNECTORKIT_HTTP_HOST: '127.0.0.1', CONNECTORKIT_HTTP_PORT: String(port) },
  });
  const died = child.exited.then((how): never => {
    throw new Error(`${o.label} exited (${how}); see ${o.logFile}`);
  });
  died.catch(() => undefined);
  const readyMs = await waitForHttp200(`http://127.0.0.1:${port}/health/ready`, startedAt, 120_000, died);
  return { child, startedAt, readyMs, readyRss: currentRss(child.pid) };
}

/** Starts the bare worker (lean-bare.mjs) and waits until it prints READY (its job stream is open). */
export async function startBareSide(o: {
  label: string;
  env: NodeJS.ProcessEnv;
  logFile: string;
  nodeArgs?: string[];
  type: string;
  maxJobs: number;
  grpcCompression: string;
}): Promise<StartedSide> {
  const startedAt = Date.now();
  const { child, ready } = spawnNode({
    name: o.label,
    args: [...(o.nodeArgs ?? []), join(benchSrc, 'lean-bare.mjs'), '--type', o.type, '--max-jobs', String(o.maxJobs), '--grpc-compression', o.grpcCompression],
    cwd: root,
    logFile: o.logFile,
    env: o.env,
    readyLine: 'READY',
  });
  await ready;
  return { child, startedAt, readyMs: Date.now() - startedAt, readyRss: currentRss(child.pid) };
}

export interface StartFigures {
  /** Median time to ready, ms, and every start's. */
  readyMs: number;
  readyValues: number[];
  /** Median RSS when ready, MB. */
  rssMb: number;
  /** With `jobs`: median latency of the first and of the second process instance after each start (ms), and every start's. */
  firstJobMs?: number;
  firstJobValues?: number[];
  secondJobMs?: number;
}

/** What a start does before its first instance: the runtime loads what start-up left for later (its log says when). */
const FIRST_JOB_SETTLE_MS = 1000;
const WARM_UP_DONE = 'loaded after start-up';

export interface StartMedians {
  runs: number;
  runtime: StartFigures;
  bare: StartFigures;
  /** Median ms after spawn at which the runtime first logged each message (digits written as N), in that order. */
  runtimeLog: [number, string][];
}

/**
 * Starts each side alone `runs` times, alternating which goes first, against the engine `env`
 * points at (ZEEBE_GRPC_ADDRESS and auth); stops each before the next starts.
 */
export async function measureStarts(o: {
  runs: number;
  env: NodeJS.ProcessEnv;
  bareGrpcCompression: string;
  /**
   * Also time each start's first and second process instance (end to end, one at a time) of the
   * REST task (rest-task.ts) against `url`, through `zb`: once the runtime has logged the end of its
   * warm-up after ready (or 5 s passed) and `FIRST_JOB_SETTLE_MS` later, and as long after READY
   * for the bare worker, which loads everything before it.
   */
  jobs?: { zb: InstanceStarter; url: string };
}): Promise<StartMedians> {
  const dir = mkdtempSync(join(tmpdir(), 'connectorkit-startup-'));
  const rows: Record<'runtime' | 'bare', (StartedSide & { firstJobMs?: number; secondJobMs?: number })[]> = { runtime: [], bare: [] };
  const logTimes = new Map<string, number[]>();
  const run = Date.now().toString(36);
  const jobType = { runtime: `bench:startup:rt:${run}`, bare: `bench:startup:bare:${run}` };
  const processId = { runtime: `startup_runtime_${run}`, bare: `startup_bare_${run}` };
  const jobs = o.jobs;
  if (jobs) {
    for (const kind of ['runtime', 'bare'] as const) {
      await jobs.zb.deployResource({ name: `${processId[kind]}.bpmn`, process: Buffer.from(restProcess(processId[kind], jobType[kind], jobs.url)) });
    }
  }
  const timeJobs = async (kind: 'runtime' | 'bare') => {
    if (!jobs) return {};
    const one = async () => {
      const t = performance.now();
      await jobs.zb.createProcessInstanceWithResult({ bpmnProcessId: processId[kind], variables: {}, requestTimeout: 30_000 });
      return Math.round((performance.now() - t) * 10) / 10;
    };
    const firstJobMs = await one();
    return { firstJobMs, secondJobMs: await one() };
  };
  try {
    for (let i = 0; i < o.runs; i++) {
      for (const kind of i % 2 ? (['bare', 'runtime'] as const) : (['runtime', 'bare'] as const)) {
        const logFile = join(dir, `${kind}-${i}.log`);
        if (kind === 'bare') {
          const side = await startBareSide({ label: 'bare sdk', env: o.env, logFile, type: jobType.bare, maxJobs: 32, grpcCompression: o.bareGrpcCompression });
          if (jobs) await new Promise((r) => setTimeout(r, FIRST_JOB_SETTLE_MS));
          rows.bare.push({ ...side, ...(await timeJobs('bare')) });
          await stopChild(side.child);
          continue;
        }
        const side = await startRuntimeSide({
          label: 'runtime',
          entry: DEFAULT_RUNTIME_ENTRY,
          cwd: root,
          env: { ...o.env, LOG_LEVEL: 'debug', CONNECTORKIT_STATE_URL: `sqlite:${join(dir, `${i}.db`)}`, CONNECTORKIT_JOB_TYPE_IO_CONNECTORKIT_HTTP_JSON: jobType.runtime },
          logFile,
        });
        // The warm-up after ready, to see it in the log (and to let it end before a first job).
        for (const until = Date.now() + 5000; Date.now() < until && !logMessages(logFile, side.startedAt).some((m) => m.msg === WARM_UP_DONE); ) {
          await new Promise((r) => setTimeout(r, 50));
        }
        await new Promise((r) => setTimeout(r, FIRST_JOB_SETTLE_MS));
        rows.runtime.push({ ...side, ...(await timeJobs('runtime')) });
        await stopChild(side.child);
        const seen = new Set<string>();
        for (const { msg, ms } of logMessages(logFile, side.startedAt)) {
          const mark = msg.replace(/\d+/g, 'N').slice(0, 60);
          if (seen.has(mark) || /^stopping|stopped/.test(mark)) continue;
          seen.add(mark);
          logTimes.set(mark, [...(logTimes.get(mark) ?? []), ms]);
        }
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const figures = (r: (typeof rows)['runtime']): StartFigures => ({
    readyMs: median(r.map((x) => x.readyMs)),
    readyValues: r.map((x) => x.readyMs),
    rssMb: median(r.map((x) => (x.readyRss ?? NaN) / 1024 / 1024)),
    ...(jobs
      ? {
          firstJobMs: median(r.map((x) => x.firstJobMs ?? NaN)),
          firstJobValues: r.map((x) => x.firstJobMs ?? NaN),
          secondJobMs: median(r.map((x) => x.secondJobMs ?? NaN)),
        }
      : {}),
  });
  const runtimeLog = [...logTimes].map(([mark, times]): [number, string] => [median(times), mark]).sort((a, b) => a[0] - b[0]);
  return { runs: o.runs, runtime: figures(rows.runtime), bare: figures(rows.bare), runtimeLog };
}

async function main(): Promise<void> {
  const usage = 'Usage: npx tsx tools/bench/src/startup.ts [--runs N (default 9)] [--address grpc://host:port (default grpc://localhost:26500)]';
  const { values } = parseArgs({ options: { runs: { type: 'string', default: '9' }, address: { type: 'string', default: 'grpc://localhost:26500' }, help: { type: 'boolean' } } });
  if (values.help) {
    console.log(usage);
    return;
  }
  const runs = whole('runs', values.runs, 1, 100, usage);
  const env: NodeJS.ProcessEnv = { ...process.env, ZEEBE_GRPC_ADDRESS: values.address, CAMUNDA_AUTH_STRATEGY: 'NONE', ZEEBE_CLIENT_LOG_LEVEL: 'NONE', ZEEBE_GRPC_CLIENT_RETRY: 'false' };
  delete env.ZEEBE_REST_ADDRESS;
  delete env.CAMUNDA_REST_ADDRESS;
  for (const k of Object.keys(env)) if (k.startsWith('CONNECTORKIT_')) delete env[k];
  // The driver's own engine client, for the first jobs (the SDK reads its environment when first imported).
  Object.assign(process.env, env);
  const { Camunda8 } = await import('@camunda8/sdk');
  const zb = new Camunda8().getZeebeGrpcApiClient();
  const srv = await startRestServer();
  let m: StartMedians;
  try {
    m = await measureStarts({ runs, env, bareGrpcCompression: 'gzip', jobs: { zb, url: srv.url } });
  } finally {
    srv.server.close();
    srv.server.closeAllConnections();
    await zb.close(2000).catch(() => undefined);
  }
  console.log(`${runs} starts each, engine ${values.address}, Node ${process.version}; medians (every start in brackets)`);
  for (const kind of ['runtime', 'bare'] as const) {
    const f = m[kind];
    console.log(`${kind.padEnd(8)} time to ready ${f.readyMs} ms [${f.readyValues.join(' ')}], RSS when ready ${f.rssMb.toFixed(1)} MB`);
  }
  for (const kind of ['runtime', 'bare'] as const) {
    const f = m[kind];
    console.log(`${kind.padEnd(8)} first job ${f.firstJobMs} ms [${f.firstJobValues?.join(' ')}], second job ${f.secondJobMs} ms`);
  }
  console.log('runtime log lines, ms after spawn (the first of each message):');
  for (const [ms, mark] of m.runtimeLog) console.log(`  ${String(ms).padStart(6)}  ${mark}`);
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.on('exit', killAllChildrenNow);
  main().then(
    () => process.exit(0),
    (e: unknown) => {
      console.error(`startup benchmark failed: ${e instanceof Error ? e.message : String(e)}`);
      void stopAllChildren().finally(() => process.exit(1));
    },
  );
}
