/**
 * Issue #15: the runtime as lean as a bare worker. Run by hand (never part of `npm test`):
 *
 *   npx tsx tools/bench/src/lean.ts --engine fresh            (from the repo root, after a build)
 *
 * One REST task per process instance (GET to a small HTTP server in this process, the answer
 * mapped by a FEEL resultExpression), completed by
 * - the BUILT runtime, run with plain `node packages/runtime/dist/cli/main.js start` from the
 *   repository root with discovery on, so every connector package of the workspace is installed
 *   and loaded (the http-json connector serves the task), inbound off (no REST address);
 * - a bare `@camunda8/sdk` worker (src/lean-bare.mjs, plain node): axios GET + complete.
 * Both on the same engine, in the same run, the order flipping every round. Prints, per side:
 * time to ready, RSS when ready, CPU while idle, first-job latency, instances/s, worker CPU ms per
 * instance, peak RSS under load; and the ratios against the issue's targets.
 */
import { cpus, loadavg, tmpdir } from 'node:os';
import { mkdtempSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { driveInstances, type LoadResult } from './load.js';
import { cpuMs, cpuMsPrecise, currentRss, freePort, killAllChildrenNow, median, peakRss, startupMilestones, stopAllChildren, stopChild, type Child, whole } from './proc.js';
import { restProcess, startRestServer } from './rest-task.js';
import { measureStarts, root, startBareSide, startRuntimeSide } from './startup.js';

const USAGE = `Usage: npx tsx tools/bench/src/lean.ts [options]   (from the repository root, after npm run build)

Options:
  --instances N      process instances per side per round (default 3000)
  --rounds N         measured rounds, the order flipping every round (default 6)
  --warmup N         instances per side before the first round (default 2000)
  --concurrency N    instances in flight (default 64)
  --max-jobs N       runtime CONNECTORKIT_MAX_JOBS_ACTIVE, bare pollMaxJobsToActivate (default 32)
  --engine E         fresh (default: private engine on free ports, stopped at the end) or shared
  --idle S           seconds of idle CPU measurement (default 40; per-thread run time, ns resolution), after
  --settle S         seconds of quiet after the last side is ready (default 30: V8's memory
                     reducer shrinks a freshly started heap with full GCs ("Mark-Compact
                     (reduce)" in --trace-gc) about 24 s after start on a 2-core VM, 50-300 ms
                     of CPU once, in every process)
  --start-settle S   seconds between the engine's start and the workers' (default 10: its JIT
                     would slow whichever side starts first)
  --starts N         also start each side N times alone (tools/bench/src/startup.ts) before the
                     load, for the median time to ready and RSS when ready (default 9; 0: off;
                     only with the default runtime build and no --runtime-env)
  --bare-grpc-compression gzip|none
                     gzip (default): the bare worker as @camunda8/sdk ships; none: without gzip,
                     as the runtime sends by default (like for like)
  --runtime-entry F  runtime CLI (default packages/runtime/dist/cli/main.js); repeat for A/B
  --runtime-cwd D    working directory of the runtime of the same position (default: the repo
                     root, whose node_modules holds every connector package); for A/B against a
                     copy of the packages with its own node_modules
  --runtime-env K=V  extra environment for the runtime(s) (repeatable)
  --node-arg A       extra node flag for every worker (repeatable), e.g. --node-arg=--cpu-prof
  --help`;


const { values } = parseArgs({
  options: {
    instances: { type: 'string', default: '3000' },
    rounds: { type: 'string', default: '6' },
    warmup: { type: 'string', default: '2000' },
    concurrency: { type: 'string', default: '64' },
    'max-jobs': { type: 'string', default: '32' },
    engine: { type: 'string', default: 'fresh' },
    idle: { type: 'string', default: '40' },
    settle: { type: 'string', default: '30' },
    'start-settle': { type: 'string', default: '10' },
    starts: { type: 'string', default: '9' },
    'bare-grpc-compression': { type: 'string', default: 'gzip' },
    'runtime-entry': { type: 'string', multiple: true, default: [] },
    'runtime-env': { type: 'string', multiple: true, default: [] },
    'runtime-cwd': { type: 'string', multiple: true, default: [] },
    'node-arg': { type: 'string', multiple: true, default: [] },
    help: { type: 'boolean' },
  },
});
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const instances = whole('instances', values.instances, 1, 100_000, USAGE);
const rounds = whole('rounds', values.rounds, 1, 20, USAGE);
const warmup = whole('warmup', values.warmup, 0, 20_000, USAGE);
const concurrency = whole('concurrency', values.concurrency, 1, 1000, USAGE);
const maxJobs = whole('max-jobs', values['max-jobs'], 1, 10_000, USAGE);
const idleSeconds = whole('idle', values.idle, 1, 600, USAGE);
const settleSeconds = whole('settle', values.settle, 0, 600, USAGE);
const startSettleSeconds = whole('start-settle', values['start-settle'], 0, 600, USAGE);
const starts = whole('starts', values.starts, 0, 50, USAGE);
const bareCompression = values['bare-grpc-compression'];
if (bareCompression !== 'gzip' && bareCompression !== 'none') {
  console.error(`--bare-grpc-compression must be gzip or none\n${USAGE}`);
  process.exit(2);
}
if (values.engine !== 'shared' && values.engine !== 'fresh') {
  console.error(USAGE);
  process.exit(2);
}
const runtimeEnv = Object.fromEntries(
  values['runtime-env'].map((kv) => {
    const i = kv.indexOf('=');
    if (i < 1) throw new Error(`--runtime-env wants K=V, got '${kv}'`);
    return [kv.slice(0, i), kv.slice(i + 1)];
  }),
);

interface Side {
  label: string;
  kind: 'runtime' | 'bare';
  processId: string;
  jobType: string;
  child: Child;
  readyMs: number;
  readyRss?: number;
  /** RSS after the settle time, before the idle window (what start-up and the warm-up after ready left). */
  settledRss?: number;
  idleCpu?: number;
  firstJobMs?: number;
  secondJobMs?: number;
  startup?: string;
  /** Per round; `engineCpuMsPerInstance`: the engine's CPU (its JVM) while this side's round ran, per instance. */
  results: (LoadResult & { cpuMsPerInstance?: number; engineCpuMsPerInstance?: number })[];
}

const MB = (b: number | undefined) => (b === undefined ? NaN : b / 1024 / 1024);
const fmt = (n: number | undefined, d = 0) => (n === undefined || Number.isNaN(n) ? 'n/a' : n.toFixed(d));

let stopOwnEngine: () => Promise<void> = async () => undefined;

async function main(): Promise<void> {
  const engineTool = (await import(pathToFileURL(join(root, 'tools', 'engine', 'engine.mjs')).href)) as {
    ensureEngine(o?: object): Promise<{ started: boolean; grpcAddress: string; pid?: number }>;
    startEngine(o?: object): Promise<{ started: boolean; grpcAddress: string; pid?: number }>;
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
    await bench(engine.grpcAddress, engine.pid);
  } finally {
    await stopAllChildren();
    await stopOwnEngine();
  }
}

async function bench(grpcAddress: string, enginePid: number | undefined): Promise<void> {
  const clientEnv = { ZEEBE_GRPC_ADDRESS: grpcAddress, CAMUNDA_AUTH_STRATEGY: 'NONE', ZEEBE_CLIENT_LOG_LEVEL: 'NONE', ZEEBE_GRPC_CLIENT_RETRY: 'false' };
  Object.assign(process.env, clientEnv);
  const { Camunda8 } = await import('@camunda8/sdk');
  const zb = new Camunda8().getZeebeGrpcApiClient();
  const srv = await startRestServer();
  try {
    const topology = await zb.topology();
    const entries = (values['runtime-entry'].length ? values['runtime-entry'] : [join(root, 'packages', 'runtime', 'dist', 'cli', 'main.js')]).map((f) => resolve(f));
    for (const e of entries) if (!existsSync(e)) throw new Error(`no runtime CLI at ${e}: build first (npx nx run-many -t build)`);
    const logDir = mkdtempSync(join(tmpdir(), 'connectorkit-bench-'));
    const run = Date.now().toString(36);
    const env: NodeJS.ProcessEnv = { ...process.env, ...clientEnv };
    delete env.ZEEBE_REST_ADDRESS;
    delete env.CAMUNDA_REST_ADDRESS;
    for (const k of Object.keys(env)) if (k.startsWith('CONNECTORKIT_')) delete env[k];

    const specs = [
      ...entries.map((entry, i) => {
        const n = entries.length > 1 ? `${i + 1}` : '';
        const cwd = values['runtime-cwd'][i] ? resolve(values['runtime-cwd'][i]!) : root;
        return { kind: 'runtime' as const, entry, cwd, label: `runtime${n && `#${n}`}`, processId: `lean_runtime${n}`, jobType: `bench:lean:rt${n}:${run}` };
      }),
      { kind: 'bare' as const, entry: '', cwd: root, label: 'bare sdk', processId: 'lean_bare', jobType: `bench:lean:bare:${run}` },
    ];
    for (const s of specs) await zb.deployResource({ name: `${s.processId}.bpmn`, process: Buffer.from(restProcess(s.processId, s.jobType, srv.url)) });
    // A freshly started engine JIT-compiles for several seconds on the same cores: the side started
    // first (a runtime) would pay for that in its time to ready. Start the workers once it is quiet.
    await new Promise((r) => setTimeout(r, startSettleSeconds * 1000));

    // One start per side is one sample of a figure that moves by ±100 ms between starts: the
    // medians of `starts` more, each side alone, decide the start-up targets.
    const startMedians =
      starts > 0 && values['runtime-entry'].length === 0 && values['runtime-env'].length === 0
        ? await measureStarts({ runs: starts, env, bareGrpcCompression: bareCompression, jobs: { zb, url: srv.url } })
        : undefined;

    const sides: Side[] = [];
    for (const s of specs) {
      const logFile = join(logDir, `${s.processId}.log`);
      if (s.kind === 'runtime') {
        const started = await startRuntimeSide({
          label: s.label,
          entry: s.entry,
          cwd: s.cwd,
          logFile,
          nodeArgs: values['node-arg'],
          env: {
            ...env,
            CONNECTORKIT_MAX_JOBS_ACTIVE: String(maxJobs),
            CONNECTORKIT_STATE_URL: `sqlite:${join(logDir, `${s.processId}.db`)}`,
            CONNECTORKIT_JOB_TYPE_IO_CONNECTORKIT_HTTP_JSON: s.jobType,
            ...runtimeEnv,
          },
        });
        sides.push({ ...s, ...started, results: [], startup: startupMilestones(logFile, started.startedAt) });
      } else {
        const started = await startBareSide({
          label: s.label,
          env,
          logFile,
          nodeArgs: values['node-arg'],
          type: s.jobType,
          maxJobs,
          grpcCompression: bareCompression,
        });
        sides.push({ ...s, ...started, results: [] });
      }
    }

    console.log(`machine: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), Node ${process.version}, engine ${topology.gatewayVersion}; load average at start ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    console.log(`settings: ${instances} instances per side per round, ${rounds} rounds, warm-up ${warmup}, ${concurrency} in flight, max jobs ${maxJobs}, bare worker gRPC compression ${bareCompression}`);
    specs.filter((s) => s.kind === 'runtime').forEach((s) => console.log(`${s.label}: node ${s.entry} start (in ${s.cwd})`));
    console.log(`child logs: ${logDir}`);

    // Idle CPU, all sides at once (the same window), after a settle time: the start-up's tail (the
    // memory reducer's GCs about 24 s after start, lazily compiled code) is not what "idle" means.
    await new Promise((r) => setTimeout(r, settleSeconds * 1000));
    for (const s of sides) s.settledRss = currentRss(s.child.pid);
    const before = sides.map((s) => cpuMsPrecise(s.child.pid));
    await new Promise((r) => setTimeout(r, idleSeconds * 1000));
    sides.forEach((s, i) => {
      const after = cpuMsPrecise(s.child.pid);
      if (before[i] !== undefined && after !== undefined) s.idleCpu = (after - before[i]!) / idleSeconds;
    });

    // The engine's first jobs are slow (cold JVM, first pushed job, first evaluation of the input
    // mappings): 50 instances of a process like the sides' (same mappings and headers) whose job
    // this driver completes itself, so that no side's first job pays for that. (With a process
    // without mappings, whichever side went first, always the runtime, paid ~60 ms for the engine.)
    const warmType = `bench:lean:warm:${run}`;
    await zb.deployResource({ name: 'lean_warm.bpmn', process: Buffer.from(restProcess('lean_warm', warmType, srv.url)) });
    const warmWorker = await zb.streamJobs({
      type: warmType,
      worker: 'bench-lean-driver',
      timeout: 30_000,
      tenantIds: undefined as unknown as string[],
      fetchVariables: ['__none__'],
      taskHandler: (job) => job.complete({ customerName: 'warm', customerTier: 'warm' }), // what the sides' jobs return
    });
    for (let i = 0; i < 50; i++) await zb.createProcessInstanceWithResult({ bpmnProcessId: 'lean_warm', variables: {}, requestTimeout: 30_000 });
    warmWorker.close();

    // First job of each side: one instance alone (what a lazily loaded client costs), then a second one.
    const one = async (side: Side): Promise<number> => {
      const t = performance.now();
      await zb.createProcessInstanceWithResult({ bpmnProcessId: side.processId, variables: {}, requestTimeout: 30_000 });
      return performance.now() - t;
    };
    for (const side of sides) {
      side.firstJobMs = await one(side);
      side.secondJobMs = await one(side);
    }

    const load = (side: Side, n: number) =>
      driveInstances(zb, { processId: side.processId, instances: n, concurrency, instanceTimeoutMs: 30_000, deadlineMs: Math.max(60_000, n * 100) });
    if (warmup > 0) {
      for (const side of sides) {
        const w = await load(side, warmup);
        if (w.completed === 0) throw new Error(`${side.label}: no instance completed in the warm-up: ${w.firstError}`);
      }
      console.log(`warm-up done (${warmup} per side)`);
    }
    console.log('');
    console.log(['round', 'side'.padEnd(10), 'inst/s', 'p50 ms', 'p99 ms', 'lost', 'worker CPU ms/inst', 'engine CPU ms/inst'].join('  '));
    for (let r = 1; r <= rounds; r++) {
      const order = r % 2 === 1 ? sides : [...sides].reverse();
      for (const side of order) {
        const c0 = cpuMs(side.child.pid);
        const e0 = enginePid === undefined ? undefined : cpuMs(enginePid);
        const res = await load(side, instances);
        const c1 = cpuMs(side.child.pid);
        const e1 = enginePid === undefined ? undefined : cpuMs(enginePid);
        const perInstance = (a: number | undefined, b: number | undefined) => (a !== undefined && b !== undefined ? (b - a) / Math.max(1, res.completed) : undefined);
        const result = { ...res, cpuMsPerInstance: perInstance(c0, c1), engineCpuMsPerInstance: perInstance(e0, e1) };
        if (result.completed === 0) throw new Error(`${side.label}: nothing completed in round ${r}: ${result.firstError}`);
        side.results.push(result);
        if (result.firstError) console.log(`      ${side.label}: ${result.lost} lost; first error: ${result.firstError}`);
        console.log([String(r).padEnd(5), side.label.padEnd(10), fmt(result.rate, 1).padStart(6), fmt(result.p50).padStart(6), fmt(result.p99).padStart(6), String(result.lost).padStart(4), fmt(result.cpuMsPerInstance, 3).padStart(18), fmt(result.engineCpuMsPerInstance, 3).padStart(18)].join('  '));
      }
    }
    const peaks = new Map(sides.map((s) => [s, peakRss(s.child.pid)]));
    const bare = sides.find((s) => s.kind === 'bare')!;
    const rate = (s: Side) => median(s.results.map((x) => x.rate));
    const cpu = (s: Side) => median(s.results.map((x) => x.cpuMsPerInstance ?? NaN));

    console.log('');
    const head = ['', ...sides.map((s) => s.label)];
    const lines: [string, (s: Side) => string][] = [
      ['median inst/s', (s) => fmt(rate(s), 1)],
      ['per-round inst/s', (s) => s.results.map((x) => x.rate.toFixed(0)).join(' ')],
      ['median worker CPU ms/inst', (s) => fmt(cpu(s), 3)],
      ['median engine CPU ms/inst', (s) => fmt(median(s.results.map((x) => x.engineCpuMsPerInstance ?? NaN)), 3)],
      ['time to ready ms', (s) => String(s.readyMs)],
      ...(startMedians
        ? ([
            [`time to ready ms, median of ${startMedians.runs} starts`, (s: Side) => String(startMedians[s.kind].readyMs)],
            [`RSS when ready MB, median of ${startMedians.runs} starts`, (s: Side) => fmt(startMedians[s.kind].rssMb, 1)],
            [`first job ms, median of ${startMedians.runs} starts`, (s: Side) => fmt(startMedians[s.kind].firstJobMs, 1)],
            [`second job ms, median of ${startMedians.runs} starts`, (s: Side) => fmt(startMedians[s.kind].secondJobMs, 1)],
          ] as [string, (s: Side) => string][])
        : []),
      ['RSS when ready MB', (s) => fmt(MB(s.readyRss), 1)],
      [`RSS after ${settleSeconds} s settle MB`, (s) => fmt(MB(s.settledRss), 1)],
      ['peak RSS MB', (s) => fmt(MB(peaks.get(s)), 1)],
      ['CPU while idle ms/s', (s) => fmt(s.idleCpu, 1)],
      ['first job ms (alone)', (s) => fmt(s.firstJobMs, 1)],
      ['second job ms (alone)', (s) => fmt(s.secondJobMs, 1)],
      ['lost', (s) => String(s.results.reduce((a, x) => a + x.lost, 0))],
    ];
    console.log(`| ${head.join(' | ')} |`);
    console.log(`| ${head.map(() => '---').join(' | ')} |`);
    for (const [name, f] of lines) console.log(`| ${[name, ...sides.map(f)].join(' | ')} |`);
    console.log('');
    for (const rt of sides.filter((s) => s.kind === 'runtime')) {
      const t = (ok: boolean) => (ok ? 'met' : 'NOT met');
      const thr = rate(rt) / rate(bare);
      const c = cpu(rt) / cpu(bare);
      const rss = MB(rt.readyRss) / MB(bare.readyRss);
      const peak = MB(peaks.get(rt)) / MB(peaks.get(bare));
      const per = rt.results.map((x, i) => (x.rate / bare.results[i].rate).toFixed(2)).join(', ');
      console.log(`${rt.label}: throughput ${thr.toFixed(3)}x bare (per round ${per}; target >= 0.95x: ${t(thr >= 0.95)})`);
      console.log(`${rt.label}: worker CPU/inst ${c.toFixed(3)}x bare (target <= 1.15x: ${t(c <= 1.15)})`);
      console.log(`${rt.label}: RSS when ready ${rss.toFixed(3)}x bare (target <= 1.00x: ${t(rss <= 1)})`);
      console.log(`${rt.label}: RSS after the settle time ${(MB(rt.settledRss) / MB(bare.settledRss)).toFixed(3)}x bare (no target; what the warm-up after ready loaded is in it)`);
      console.log(`${rt.label}: peak RSS ${peak.toFixed(3)}x bare (target <= 1.10x: ${t(peak <= 1.1)})`);
      if (startMedians) {
        const m = startMedians;
        console.log(`${rt.label}: time to ready, median of ${m.runs} starts: ${m.runtime.readyMs} ms [${m.runtime.readyValues.join(' ')}], bare ${m.bare.readyMs} ms [${m.bare.readyValues.join(' ')}] (target <= 500: ${t(m.runtime.readyMs <= 500)})`);
        console.log(`${rt.label}: RSS when ready, median of ${m.runs} starts: ${fmt(m.runtime.rssMb, 1)} MB, ${(m.runtime.rssMb / m.bare.rssMb).toFixed(2)}x bare's ${fmt(m.bare.rssMb, 1)} MB (target <= 1.00x: ${t(m.runtime.rssMb <= m.bare.rssMb)})`);
        console.log(`${rt.label}: first job after a start, median of ${m.runs} starts: ${fmt(m.runtime.firstJobMs, 1)} ms [${m.runtime.firstJobValues?.join(' ')}] (second ${fmt(m.runtime.secondJobMs, 1)}), bare ${fmt(m.bare.firstJobMs, 1)} ms [${m.bare.firstJobValues?.join(' ')}] (second ${fmt(m.bare.secondJobMs, 1)})`);
      }
      console.log(`${rt.label}: time to ready ${rt.readyMs} ms (target <= 500: ${t(rt.readyMs <= 500)}); idle CPU ${fmt(rt.idleCpu, 1)} ms/s (target <= 2: ${t((rt.idleCpu ?? 99) <= 2)})`);
      console.log(`${rt.label}: first job ${fmt(rt.firstJobMs, 1)} ms vs second ${fmt(rt.secondJobMs, 1)} ms (bare ${fmt(bare.firstJobMs, 1)} / ${fmt(bare.secondJobMs, 1)})`);
      if (rt.startup) console.log(`${rt.label}: start-up (ms after spawn): ${rt.startup}, ready ${rt.readyMs}`);
    }
    console.log(`REST server answered ${srv.hits()} requests`);
    for (const side of sides) await stopChild(side.child);
  } finally {
    srv.server.close();
    srv.server.closeAllConnections();
    await zb.close(2000).catch(() => undefined);
  }
}

process.on('exit', killAllChildrenNow);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    void stopAllChildren()
      .then(() => stopOwnEngine())
      .finally(() => process.exit(130));
  });
}
// Closing a stream worker (the warm-up one) can leave the SDK with a rejected promise of the
// cancelled stream (gRPC CANCELLED): expected, and no reason to end the run without its cleanup.
process.on('unhandledRejection', (e: unknown) => {
  if ((e as { code?: unknown } | null)?.code === 1) return;
  console.error('benchmark failed:', e);
  void stopAllChildren()
    .then(() => stopOwnEngine())
    .finally(() => process.exit(1));
});
main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(`benchmark failed: ${e instanceof Error ? e.message : String(e)}`);
    process.exitCode = 1;
    void stopAllChildren()
      .then(() => stopOwnEngine())
      .finally(() => process.exit(1));
  },
);
