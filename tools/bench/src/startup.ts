/**
 * Start-up only (issue #15): starts the BUILT runtime (plain `node`, discovery on from the
 * repository root, so every connector package of the workspace loads) and the bare
 * `@camunda8/sdk` worker (lean-bare.mjs) one after the other, `--runs` times each, against a
 * running engine, and prints the median time to ready and RSS when ready of both, and when the
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
}

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
export async function measureStarts(o: { runs: number; env: NodeJS.ProcessEnv; bareGrpcCompression: string }): Promise<StartMedians> {
  const dir = mkdtempSync(join(tmpdir(), 'connectorkit-startup-'));
  const rows: Record<'runtime' | 'bare', StartedSide[]> = { runtime: [], bare: [] };
  const logTimes = new Map<string, number[]>();
  try {
    for (let i = 0; i < o.runs; i++) {
      for (const kind of i % 2 ? (['bare', 'runtime'] as const) : (['runtime', 'bare'] as const)) {
        const logFile = join(dir, `${kind}-${i}.log`);
        if (kind === 'bare') {
          const side = await startBareSide({ label: 'bare sdk', env: o.env, logFile, type: `bench:startup:${Date.now()}`, maxJobs: 32, grpcCompression: o.bareGrpcCompression });
          rows.bare.push(side);
          await stopChild(side.child);
          continue;
        }
        const side = await startRuntimeSide({
          label: 'runtime',
          entry: DEFAULT_RUNTIME_ENTRY,
          cwd: root,
          env: { ...o.env, LOG_LEVEL: 'debug', CONNECTORKIT_STATE_URL: `sqlite:${join(dir, `${i}.db`)}` },
          logFile,
        });
        rows.runtime.push(side);
        await new Promise((r) => setTimeout(r, 1500)); // the warm-up after ready, to see it in the log
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
  const figures = (r: StartedSide[]): StartFigures => ({
    readyMs: median(r.map((x) => x.readyMs)),
    readyValues: r.map((x) => x.readyMs),
    rssMb: median(r.map((x) => (x.readyRss ?? NaN) / 1024 / 1024)),
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
  const m = await measureStarts({ runs, env, bareGrpcCompression: 'gzip' });
  console.log(`${runs} starts each, engine ${values.address}, Node ${process.version}; medians (every start in brackets)`);
  for (const kind of ['runtime', 'bare'] as const) {
    const f = m[kind];
    console.log(`${kind.padEnd(8)} time to ready ${f.readyMs} ms [${f.readyValues.join(' ')}], RSS when ready ${f.rssMb.toFixed(1)} MB`);
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
