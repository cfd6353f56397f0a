/**
 * Throughput benchmark, run by hand (never part of `npm test`):
 *
 *   npx tsx --conditions=@connectorkit/source tools/bench/src/run.ts [options]     (from the repo root)
 *   npm run bench -- [options]                                                     (from tools/bench)
 *
 * Process instances per second, each with one no-op connector task, completed by our runtime
 * (its CLI, in a child process, loading src/noop-connector.ts) and by a bare `@camunda8/sdk`
 * worker (src/bare-worker.ts, a child process too), on the same engine in the same run, in
 * alternating rounds. Prints per-round and median rates, the ratio runtime / bare, the runtime's
 * peak RSS and time to ready. See BENCHMARKS.md at the repository root.
 */
import { cpus, loadavg, tmpdir } from 'node:os';
import { mkdtempSync, readdirSync, readFileSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { oneTaskProcess } from './bpmn.js';
import { driveInstances, type LoadResult } from './load.js';
import { cpuMs, currentRss, freePort, killAllChildrenNow, median, peakRss, spawnNode, startupMilestones, stopAllChildren, stopChild, waitForHttp200, type Child, whole } from './proc.js';

const USAGE = `Usage: npx tsx --conditions=@connectorkit/source tools/bench/src/run.ts [options]

Options:
  --instances N        process instances per side per round (default 2000)
  --rounds N           measured rounds (default 6); the order of the sides flips every round
                       (A B, B A, A B, ...), so an even count cancels a steady drift
  --warmup N           instances per side before the first round, not measured (default 2000;
                       a fresh engine's JVM needs about that many to settle)
  --concurrency N      instances in flight at once (default 64)
  --max-jobs N         jobs a worker holds at once: runtime CONNECTORKIT_MAX_JOBS_ACTIVE, bare
                       worker pollMaxJobsToActivate / maxJobsToActivate (default 32)
  --mode M             stream (default: the runtime's default, job streaming), poll
                       (CONNECTORKIT_STREAM_ENABLED=false against createWorker), or both
  --engine E           shared (default): use the engine on 26500/9600, start it if none runs
                       (and stop it at the end only if this run started it);
                       fresh: start a private engine on free ports and stop it at the end
  --runtime-entry F    the runtime CLI script (default packages/runtime/src/cli/main.ts), run as
                       \`node --import tsx F start\`; repeat it to measure several runtimes (e.g.
                       a patched copy) against the same bare worker in the same rounds
  --runtime-arg A      extra argument after \`start\` (repeatable)
  --idle S             seconds to measure each worker's CPU use while idle, after ready (default 5)
  --count-calls        count the engine calls of both workers (ActivateJobs polls, jobs they
                       returned, streams opened, completions) with src/count-calls.ts
  --node-arg A         extra node flag for both worker processes (repeatable), e.g.
                       --node-arg=--cpu-prof --node-arg=--cpu-prof-dir=/tmp/prof
  --help`;

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const benchSrc = join(root, 'tools', 'bench', 'src');

const { values } = parseArgs({
  options: {
    instances: { type: 'string', default: '2000' },
    rounds: { type: 'string', default: '6' },
    warmup: { type: 'string', default: '2000' },
    concurrency: { type: 'string', default: '64' },
    'max-jobs': { type: 'string', default: '32' },
    mode: { type: 'string', default: 'stream' },
    engine: { type: 'string', default: 'shared' },
    'runtime-entry': { type: 'string', multiple: true, default: [] },
    'runtime-arg': { type: 'string', multiple: true, default: [] },
    'node-arg': { type: 'string', multiple: true, default: [] },
    'count-calls': { type: 'boolean', default: false },
    idle: { type: 'string', default: '5' },
    help: { type: 'boolean' },
  },
});
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}

const instances = whole('instances', values.instances, 1, 100_000, USAGE);
const rounds = whole('rounds', values.rounds, 1, 20, USAGE);
const warmup = whole('warmup', values.warmup, 0, 10_000, USAGE);
const concurrency = whole('concurrency', values.concurrency, 1, 1000, USAGE);
const maxJobs = whole('max-jobs', values['max-jobs'], 1, 10_000, USAGE);
const idleSeconds = whole('idle', values.idle, 0, 600, USAGE);
const modes: Mode[] = values.mode === 'both' ? ['stream', 'poll'] : values.mode === 'stream' || values.mode === 'poll' ? [values.mode] : [];
if (modes.length === 0 || (values.engine !== 'shared' && values.engine !== 'fresh')) {
  console.error(USAGE);
  process.exit(2);
}

type Mode = 'stream' | 'poll';
interface Side {
  label: string;
  kind: 'runtime' | 'bare';
  mode: Mode;
  /** Runtime only: the CLI script. */
  entry: string;
  processId: string;
  jobType: string;
  child: Child;
  /** Spawn until ready (ms): the runtime's /health/ready answered 200; the bare worker printed READY (its worker open). */
  readyMs?: number;
  /** Resident set size right after ready, before any job (bytes). */
  idleRss?: number;
  /** CPU use while idle, after ready (ms of CPU per second). */
  idleCpu?: number;
  /** Runtime only: milestones of its start from its log, ms after spawn. */
  startup?: string;
  results: (LoadResult & { cpuMsPerInstance?: number; engineCpuMsPerInstance?: number })[];
}

function runtimeEntries(): string[] {
  if (values['runtime-entry'].length > 0) return values['runtime-entry'].map((f) => resolve(f));
  const main = join(root, 'packages', 'runtime', 'src', 'cli', 'main.ts');
  if (!existsSync(main)) throw new Error(`no runtime CLI at ${main}; pass --runtime-entry`);
  return [main];
}

/** The engine's java process, for its CPU time: the pid the engine tool returned, else the one LocalZeebe on /proc. */
function findEnginePid(known: number | undefined): number | undefined {
  if (known) return known;
  const found = readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((d) => {
      try {
        return readFileSync(`/proc/${d}/cmdline`, 'utf8').includes('io.camunda.connectors.tools.engine.LocalZeebe');
      } catch {
        return false;
      }
    });
  return found.length === 1 ? Number(found[0]) : undefined;
}

const mb = (bytes: number | undefined) => (bytes === undefined ? 'n/a' : `${(bytes / 1024 / 1024).toFixed(1)} MB`);
const fmt = (n: number | undefined, digits = 0) => (n === undefined || Number.isNaN(n) ? 'n/a' : n.toFixed(digits));

async function main(): Promise<void> {
  // tools/engine is a script folder, not a package: imported by path (as packages/e2e does).
  const engineTool = (await import(pathToFileURL(join(root, 'tools', 'engine', 'engine.mjs')).href)) as {
    ensureEngine(o?: object): Promise<{ started: boolean; pid?: number; grpcAddress: string; healthUrl: string }>;
    startEngine(o?: object): Promise<{ started: boolean; pid?: number; grpcAddress: string; healthUrl: string }>;
    stopEngine(o?: object): Promise<unknown>;
  };
  const engineOpts = values.engine === 'fresh' ? { grpcPort: await freePort(), healthPort: await freePort() } : {};
  console.log(values.engine === 'fresh' ? 'starting a private engine...' : 'ensuring the engine...');
  const engine = values.engine === 'fresh' ? await engineTool.startEngine(engineOpts) : await engineTool.ensureEngine(engineOpts);
  let stopped = false;
  stopOwnEngine = async () => {
    if (engine.started && !stopped) {
      stopped = true;
      await engineTool.stopEngine(engineOpts);
    }
  };
  try {
    await bench(engine.grpcAddress, findEnginePid(engine.pid));
  } finally {
    await stopAllChildren();
    await stopOwnEngine();
  }
}

/** Stops the engine if this run started it (set once the engine is up; also used on Ctrl-C). */
let stopOwnEngine: () => Promise<void> = async () => undefined;

async function bench(grpcAddress: string, enginePid: number | undefined): Promise<void> {
  const clientEnv = {
    ZEEBE_GRPC_ADDRESS: grpcAddress,
    CAMUNDA_AUTH_STRATEGY: 'NONE',
    ZEEBE_CLIENT_LOG_LEVEL: process.env.ZEEBE_CLIENT_LOG_LEVEL ?? 'NONE',
    // Fail instead of retrying forever: a stuck instance must end the benchmark, not hang it.
    ZEEBE_GRPC_CLIENT_RETRY: 'false',
  };
  Object.assign(process.env, clientEnv);
  const { Camunda8 } = await import('@camunda8/sdk');
  const zb = new Camunda8().getZeebeGrpcApiClient();
  try {
    const topology = await zb.topology();
    const engineVersion = topology.gatewayVersion;
    const tsx = import.meta.resolve('tsx');
    const nodeArgs = [...values['node-arg'], ...(values['count-calls'] ? ['--import', tsx, '--import', join(benchSrc, 'count-calls.ts')] : [])];
    const entries = runtimeEntries();
    const logDir = mkdtempSync(join(tmpdir(), 'connectorkit-bench-'));
    const run = Date.now().toString(36);

    // Deploy one process per side: one service task of the side's own job type.
    const specs = modes.flatMap((mode) => [
      ...entries.map((entry, i) => {
        const n = entries.length > 1 ? `${i + 1}` : '';
        return { kind: 'runtime' as const, mode, entry, label: `runtime${n && `#${n}`} (${mode})`, processId: `bench_runtime${n}_${mode}`, jobType: `bench:noop${n}:${mode}:${run}` };
      }),
      { kind: 'bare' as const, mode, entry: '', label: `bare sdk (${mode})`, processId: `bench_bare_${mode}`, jobType: `bench:bare:${mode}:${run}` },
    ]);
    for (const s of specs) {
      await zb.deployResource({ name: `${s.processId}.bpmn`, process: Buffer.from(oneTaskProcess(s.processId, s.jobType)) });
    }

    // Start the workers, one process each.
    const sides: Side[] = [];
    for (const s of specs) {
      const logFile = join(logDir, `${s.processId}.log`);
      if (s.kind === 'runtime') {
        const port = await freePort();
        const t0 = Date.now();
        const { child } = spawnNode({
          name: s.label,
          args: [...nodeArgs, '--conditions=@connectorkit/source', '--import', tsx, s.entry, 'start', ...values['runtime-arg']],
          cwd: root,
          logFile,
          env: {
            ...process.env,
            ...clientEnv,
            CONNECTORKIT_CONNECTORS: join(benchSrc, 'noop-connector.ts'),
            CONNECTORKIT_DISCOVERY: 'false',
            CONNECTORKIT_HTTP_HOST: '127.0.0.1',
            CONNECTORKIT_HTTP_PORT: String(port),
            CONNECTORKIT_MAX_JOBS_ACTIVE: String(maxJobs),
            CONNECTORKIT_STREAM_ENABLED: String(s.mode === 'stream'),
            CONNECTORKIT_JOB_TYPE_IO_CONNECTORKIT_BENCH_NOOP: s.jobType,
          },
        });
        const died = child.exited.then((how): never => {
          throw new Error(`${s.label} exited (${how}); see ${logFile}`);
        });
        died.catch(() => undefined);
        const readyMs = await waitForHttp200(`http://127.0.0.1:${port}/health/ready`, t0, 120_000, died);
        sides.push({ ...s, child, readyMs, idleRss: currentRss(child.pid), startup: startupMilestones(logFile, t0), results: [] });
      } else {
        const t0 = Date.now();
        const { child, ready } = spawnNode({
          name: s.label,
          args: [...nodeArgs, '--import', tsx, join(benchSrc, 'bare-worker.ts'), '--type', s.jobType, '--mode', s.mode, '--max-jobs', String(maxJobs)],
          cwd: root,
          logFile,
          env: { ...process.env, ...clientEnv },
          readyLine: 'READY',
        });
        await ready;
        sides.push({ ...s, child, readyMs: Date.now() - t0, idleRss: currentRss(child.pid), results: [] });
      }
    }

    const machine = `${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), Node ${process.version}, engine ${engineVersion} (zeebe-process-test-engine, in memory)`;
    console.log(`machine: ${machine}; load average at start ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    console.log(
      `settings: ${instances} instances per side per round, ${rounds} rounds, warm-up ${warmup}, ${concurrency} in flight, max jobs ${maxJobs}, mode ${values.mode}`,
    );
    if (entries.length > 1) entries.forEach((e, i) => console.log(`runtime#${i + 1}: ${e}`));
    console.log(`child logs: ${logDir}`);

    if (idleSeconds > 0) {
      const before = sides.map((side) => cpuMs(side.child.pid));
      await new Promise((r) => setTimeout(r, idleSeconds * 1000));
      sides.forEach((side, i) => {
        const after = cpuMs(side.child.pid);
        if (before[i] !== undefined && after !== undefined) side.idleCpu = (after - before[i]!) / idleSeconds;
      });
    }

    const load = (side: Side, n: number) =>
      driveInstances(zb, { processId: side.processId, instances: n, concurrency, instanceTimeoutMs: 30_000, deadlineMs: Math.max(60_000, n * 100) });

    if (warmup > 0) {
      for (const side of sides) {
        const w = await load(side, warmup);
        if (w.completed === 0) throw new Error(`${side.label}: no instance completed in the warm-up: ${w.firstError}`);
        if (w.lost > 0) console.log(`warm-up ${side.label}: ${w.lost} instance(s) lost; first error: ${w.firstError}`);
      }
      console.log(`warm-up done (${warmup} instances per side)`);
    }

    console.log('');
    console.log(row(['round', 'side', 'inst/s', 'seconds', 'p50 ms', 'p99 ms', 'lost', 'worker CPU ms/inst', 'engine CPU ms/inst']));
    for (let r = 1; r <= rounds; r++) {
      // Alternate which side goes first, so a drift in machine load does not favour one side.
      const order = r % 2 === 1 ? sides : [...sides].reverse();
      for (const side of order) {
        const cpu0 = cpuMs(side.child.pid);
        const eng0 = enginePid ? cpuMs(enginePid) : undefined;
        const res = await load(side, instances);
        const cpu1 = cpuMs(side.child.pid);
        const eng1 = enginePid ? cpuMs(enginePid) : undefined;
        const result = {
          ...res,
          ...(cpu0 !== undefined && cpu1 !== undefined ? { cpuMsPerInstance: (cpu1 - cpu0) / Math.max(1, res.completed) } : {}),
          ...(eng0 !== undefined && eng1 !== undefined ? { engineCpuMsPerInstance: (eng1 - eng0) / Math.max(1, res.completed) } : {}),
        };
        if (result.completed === 0) throw new Error(`${side.label}: no instance completed in round ${r}: ${result.firstError}`);
        side.results.push(result);
        if (result.firstError) console.log(`      ${side.label}: ${result.lost} instance(s) lost; first error: ${result.firstError}`);
        console.log(
          row([
            String(r),
            side.label,
            fmt(result.rate, 1),
            fmt(result.seconds, 2),
            fmt(result.p50),
            fmt(result.p99),
            String(result.lost),
            fmt(result.cpuMsPerInstance, 3),
            fmt(result.engineCpuMsPerInstance, 3),
          ]),
        );
      }
    }

    // Peak RSS before the children stop.
    const peaks = new Map(sides.map((s) => [s, peakRss(s.child.pid)]));
    console.log('');
    for (const rt of sides.filter((s) => s.kind === 'runtime')) {
      const mode = rt.label;
      const bare = sides.find((s) => s.kind === 'bare' && s.mode === rt.mode)!;
      const rtMedian = median(rt.results.map((x) => x.rate));
      const bareMedian = median(bare.results.map((x) => x.rate));
      const ratio = rtMedian / bareMedian;
      const lost = rt.results.reduce((a, x) => a + x.lost, 0);
      const bareLost = bare.results.reduce((a, x) => a + x.lost, 0);
      if (lost + bareLost > 0) console.log(`${mode}: WARNING: instances lost (not completed within 30 s): runtime ${lost}, bare ${bareLost}`);
      const roundRatios = rt.results.map((x, i) => x.rate / bare.results[i].rate);
      const geomean = Math.exp(roundRatios.reduce((a, r) => a + Math.log(r), 0) / roundRatios.length);
      console.log(`${mode}: median runtime ${rtMedian.toFixed(1)} inst/s, bare ${bareMedian.toFixed(1)} inst/s`);
      console.log(
        `${mode}: ratio runtime/bare ${ratio.toFixed(2)}x (ratio of the medians; per round ${roundRatios.map((r) => r.toFixed(2)).join(', ')}, ` +
          `geometric mean ${geomean.toFixed(2)}x); target >= 0.90x: ${ratio >= 0.9 ? 'met' : 'NOT met'}`,
      );
      console.log(
        `${mode}: runtime time to ready ${rt.readyMs} ms (bare worker ${bare.readyMs} ms); ` +
          `peak RSS ${mb(peaks.get(rt))}, ${mb(rt.idleRss)} when ready (bare worker ${mb(peaks.get(bare))}, ${mb(bare.idleRss)})`,
      );
      if (rt.startup) console.log(`${mode}: start-up from the runtime's log (ms after spawn): ${rt.startup}, ready ${rt.readyMs}`);
      if (rt.idleCpu !== undefined && bare.idleCpu !== undefined) {
        console.log(`${mode}: CPU while idle: runtime ${rt.idleCpu.toFixed(1)} ms/s, bare ${bare.idleCpu.toFixed(1)} ms/s (over ${idleSeconds} s after ready)`);
      }
      console.log(
        `${mode}: median worker CPU per instance: runtime ${fmt(median(rt.results.map((x) => x.cpuMsPerInstance ?? NaN)), 3)} ms, ` +
          `bare ${fmt(median(bare.results.map((x) => x.cpuMsPerInstance ?? NaN)), 3)} ms`,
      );
    }
    for (const side of sides) await stopChild(side.child);
    if (values['count-calls']) printCallCounts(sides);
  } finally {
    await zb.close(2000).catch(() => undefined);
  }
}


/** The `BENCH_CALLS` line each worker printed at exit (--count-calls). */
function printCallCounts(sides: Side[]): void {
  console.log('');
  const created = (side: Side) => warmup + side.results.reduce((a, x) => a + x.instances, 0);
  for (const side of sides) {
    const line = readFileSync(side.child.logFile, 'utf8')
      .split('\n')
      .reverse()
      .find((l) => l.startsWith('BENCH_CALLS '));
    console.log(`${side.label}: ${line ? line.slice('BENCH_CALLS '.length) : '(no count: the process did not exit normally)'}; ${created(side)} instances created`);
  }
}

function row(cells: string[]): string {
  const widths = [5, 18, 8, 8, 7, 7, 5, 18, 18];
  return cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
}

process.on('exit', killAllChildrenNow);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    void stopAllChildren()
      .then(() => stopOwnEngine())
      .finally(() => process.exit(130));
  });
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(`benchmark failed: ${e instanceof Error ? e.message : String(e)}`);
    process.exitCode = 1;
    void stopAllChildren().finally(() => process.exit(1));
  },
);
