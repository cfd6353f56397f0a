/**
 * Webhook throughput (issue #8), run by hand:
 *
 *   npx tsx tools/bench/src/webhook.ts [options]          (from the repository root)
 *   npm run bench:webhook -- [options]                     (from tools/bench)
 *
 * Requests per second of webhook POSTs that each start a process instance through the built
 * runtime (`node packages/runtime/dist/cli/main.js start` with the webhook connector), against
 * `createProcessInstance` calls of a bare `@camunda8/sdk` client with the same variables, on the
 * same engine, in alternating rounds. Checks that every webhook answered 200 and counts the
 * instances the engine created (`/records?valueType=PROCESS_INSTANCE`). See BENCHMARKS.md.
 */
import { mkdtempSync, readdirSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { formatSummary, summarise } from './cpuprofile.js';
import {
  clientEnv,
  fmt,
  getEngine,
  http,
  instanceCounts,
  keepAliveAgent,
  median,
  mb,
  percentile,
  startModel,
  startRuntime,
  stockWebhook,
  table,
  waitActive,
  whole,
  type Engine,
  runBenchmark,
} from './inbound-kit.js';
import { cpuMs, currentRss, peakRss, stopChild } from './proc.js';

const USAGE = `Usage: npx tsx tools/bench/src/webhook.ts [options]

Options:
  --requests N      requests (webhook side) / createProcessInstance calls (bare side) per side per round (default 2000)
  --concurrency N   requests in flight at once, each side (default 32); the webhook side uses that many
                    keep-alive connections
  --rounds N        measured rounds (default 4); the order of the sides flips every round
  --warmup N        requests per side before the first round, not measured (default 1000)
  --engine E        shared (default): the engine on CONNECTORS_ENGINE_GRPC_PORT/CONNECTORS_ENGINE_HEALTH_PORT
                    (26500/9600), started if none answers; fresh: a private engine on free ports
  --runtime-entry F the runtime CLI (default packages/runtime/dist/cli/main.js), run with plain node
  --cpu-prof DIR    profile the runtime (node --cpu-prof) and print a summary at the end; the profile
                    slows the runtime: measure ratios in a run without it
  --node-arg A      extra node flag for the runtime (repeatable)
  --help`;

const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '2000' },
    concurrency: { type: 'string', default: '32' },
    rounds: { type: 'string', default: '4' },
    warmup: { type: 'string', default: '1000' },
    engine: { type: 'string', default: 'shared' },
    'runtime-entry': { type: 'string' },
    'cpu-prof': { type: 'string' },
    'node-arg': { type: 'string', multiple: true, default: [] },
    help: { type: 'boolean' },
  },
});
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const REQUESTS = whole('requests', values.requests, 1, 100_000, USAGE);
const CONCURRENCY = whole('concurrency', values.concurrency, 1, 512, USAGE);
const ROUNDS = whole('rounds', values.rounds, 1, 20, USAGE);
const WARMUP = whole('warmup', values.warmup, 0, 20_000, USAGE);
if (values.engine !== 'shared' && values.engine !== 'fresh') {
  console.error(USAGE);
  process.exit(2);
}
const TARGET = 0.85;
/** A request or call without an answer after this long counts as failed. */
const REQUEST_TIMEOUT_MS = 30_000;

interface SideResult {
  ok: number;
  failed: number;
  /** Status codes other than 200 (and failures without an answer, as 0) with their counts. */
  other: Map<number, number>;
  firstError?: string;
  seconds: number;
  rate: number;
  p50: number;
  p99: number;
  runtimeCpu?: number;
  engineCpu?: number;
  driverCpu: number;
}

/** Runs `n` calls of `one` with `concurrency` in flight; bounded by count and by a deadline. */
async function drive(n: number, concurrency: number, one: (i: number) => Promise<{ status: number; error?: string }>): Promise<Omit<SideResult, 'runtimeCpu' | 'engineCpu' | 'driverCpu'>> {
  let next = 0;
  let ok = 0;
  let failed = 0;
  let firstError: string | undefined;
  const other = new Map<number, number>();
  const latencies: number[] = [];
  const deadlineMs = Math.max(60_000, n * 100);
  const start = performance.now();
  const lane = async () => {
    while (next < n && performance.now() - start < deadlineMs) {
      const i = next++;
      const t0 = performance.now();
      const r = await one(i);
      if (r.status === 200) {
        ok++;
        latencies.push(performance.now() - t0);
      } else {
        failed++;
        other.set(r.status, (other.get(r.status) ?? 0) + 1);
        firstError ??= r.error ?? `status ${r.status}`;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, n) }, lane));
  const seconds = (performance.now() - start) / 1000;
  failed += n - next;
  latencies.sort((a, b) => a - b);
  return { ok, failed, other, seconds, rate: ok / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99), ...(firstError ? { firstError } : {}) };
}

let engine: Engine | undefined;

async function main(): Promise<void> {
  console.log(values.engine === 'fresh' ? 'starting a private engine...' : 'using the shared engine (starting it if none answers)...');
  engine = await getEngine(values.engine as 'shared' | 'fresh');
  Object.assign(process.env, clientEnv(engine));
  const { Camunda8 } = await import('@camunda8/sdk');
  const zb = new Camunda8().getZeebeGrpcApiClient();
  const logDir = mkdtempSync(join(tmpdir(), 'connectorkit-bench-webhook-'));
  try {
    const topology = await zb.topology();
    const run = Date.now().toString(36);
    const hookPid = `bench_hook_${run}`;
    const barePid = `bench_direct_${run}`;
    const context = `bench-hook-${run}`;
    // The same process twice: a none start event and an end. The webhook side's start event carries
    // the stock webhook properties; the bare side's has none (a context is owned by one process).
    await zb.deployResource({ name: `${hookPid}.bpmn`, process: Buffer.from(startModel(hookPid, stockWebhook(context, { resultExpression: '={order: request.body}' }))) });
    await zb.deployResource({ name: `${barePid}.bpmn`, process: Buffer.from(startModel(barePid)) });

    const profDir = values['cpu-prof'];
    const rt = await startRuntime({
      engine,
      ...(values['runtime-entry'] ? { entry: values['runtime-entry'] } : {}),
      nodeArgs: [...values['node-arg'], ...(profDir ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`] : [])],
      logFile: join(logDir, 'runtime.log'),
      stateDir: logDir,
    });
    const activeMs = await waitActive(rt.url, [hookPid]);
    console.log(
      `machine: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), Node ${process.version}, engine ${topology.gatewayVersion}; load average at start ${loadavg().map((l) => l.toFixed(2)).join(' ')}`,
    );
    console.log(`runtime ready in ${rt.readyMs} ms, webhook ACTIVE ${activeMs} ms later; RSS ${mb(currentRss(rt.child.pid))}; logs in ${logDir}`);
    console.log(`settings: ${REQUESTS} requests per side per round, ${ROUNDS} rounds, warm-up ${WARMUP}, concurrency ${CONCURRENCY}`);

    const agent = keepAliveAgent(CONCURRENCY);
    const bodyOf = (i: number) => ({ orderId: `B-${i}`, qty: (i % 9) + 1, customer: { name: 'Ada', tier: 'gold' }, items: [{ sku: 'A-1', n: 2 }] });
    let seq = 0;
    const sides = {
      webhook: (i: number) => {
        const body = Buffer.from(JSON.stringify(bodyOf(seq + i)));
        return http(rt.port, { method: 'POST', path: `/inbound/${context}`, headers: { 'content-type': 'application/json', 'content-length': String(body.length) }, body }, agent, REQUEST_TIMEOUT_MS);
      },
      bare: async (i: number) => {
        try {
          await zb.createProcessInstance({ bpmnProcessId: barePid, variables: { order: bodyOf(seq + i) }, requestTimeout: REQUEST_TIMEOUT_MS } as never);
          return { status: 200 };
        } catch (e) {
          return { status: 0, error: e instanceof Error ? e.message : String(e) };
        }
      },
    };
    type SideName = keyof typeof sides;
    const sent: Record<SideName, number> = { webhook: 0, bare: 0 };
    const ok: Record<SideName, number> = { webhook: 0, bare: 0 };

    const measure = async (side: SideName, n: number): Promise<SideResult> => {
      const rc0 = cpuMs(rt.child.pid);
      const ec0 = engine!.pid ? cpuMs(engine!.pid) : undefined;
      const dc0 = process.cpuUsage();
      const r = await drive(n, CONCURRENCY, sides[side]);
      seq += n;
      const dc = process.cpuUsage(dc0);
      const rc1 = cpuMs(rt.child.pid);
      const ec1 = engine!.pid ? cpuMs(engine!.pid) : undefined;
      sent[side] += n;
      ok[side] += r.ok;
      const per = Math.max(1, r.ok);
      return {
        ...r,
        ...(rc0 !== undefined && rc1 !== undefined ? { runtimeCpu: (rc1 - rc0) / per } : {}),
        ...(ec0 !== undefined && ec1 !== undefined ? { engineCpu: (ec1 - ec0) / per } : {}),
        driverCpu: (dc.user + dc.system) / 1000 / per,
      };
    };

    // One request first: it must answer 200 before anything is measured.
    const probe = await sides.webhook(0);
    seq++;
    sent.webhook++;
    if (probe.status !== 200) throw new Error(`the first webhook request answered ${probe.status} ${probe.body}${probe.error ?? ''}`);
    ok.webhook++;

    if (WARMUP > 0) {
      for (const side of ['webhook', 'bare'] as const) {
        const w = await measure(side, WARMUP);
        if (w.ok === 0) throw new Error(`warm-up ${side}: nothing succeeded: ${w.firstError}`);
        if (w.failed) console.log(`warm-up ${side}: ${w.failed} failed; first: ${w.firstError}`);
      }
      console.log(`warm-up done (${WARMUP} per side)`);
    }

    const rows: string[][] = [['round', 'side', 'req/s', 'seconds', 'p50 ms', 'p99 ms', 'not 200', 'runtime CPU ms/req', 'client CPU ms/req', 'engine CPU ms/inst']];
    const results: Record<SideName, SideResult[]> = { webhook: [], bare: [] };
    console.log('');
    for (let r = 1; r <= ROUNDS; r++) {
      const order: SideName[] = r % 2 === 1 ? ['webhook', 'bare'] : ['bare', 'webhook'];
      for (const side of order) {
        const res = await measure(side, REQUESTS);
        results[side].push(res);
        const other = [...res.other].map(([s, n]) => `${s}:${n}`).join(' ');
        const row = [String(r), side === 'webhook' ? 'webhook' : 'bare sdk', fmt(res.rate, 1), fmt(res.seconds, 2), fmt(res.p50, 1), fmt(res.p99, 1), other || '0', fmt(res.runtimeCpu, 3), fmt(res.driverCpu, 3), fmt(res.engineCpu, 3)];
        rows.push(row);
        console.log(table([rows[0]!, row], 2).split('\n')[1]);
        if (res.firstError) console.log(`      ${side}: first failure: ${res.firstError}`);
      }
    }
    console.log('');
    console.log(table(rows, 2));

    const hookMedian = median(results.webhook.map((x) => x.rate));
    const bareMedian = median(results.bare.map((x) => x.rate));
    const ratio = hookMedian / bareMedian;
    const perRound = results.webhook.map((x, i) => x.rate / results.bare[i]!.rate);
    const geomean = Math.exp(perRound.reduce((a, x) => a + Math.log(x), 0) / perRound.length);
    console.log('');
    console.log(`median req/s: webhook ${hookMedian.toFixed(1)}, bare sdk ${bareMedian.toFixed(1)}`);
    console.log(
      `ratio webhook / bare ${ratio.toFixed(2)}x (of the medians; per round ${perRound.map((x) => x.toFixed(2)).join(', ')}, geometric mean ${geomean.toFixed(2)}x); target >= ${TARGET.toFixed(2)}x: ${ratio >= TARGET ? 'met' : 'NOT met'}`,
    );
    console.log(
      `median p50 / p99 ms: webhook ${fmt(median(results.webhook.map((x) => x.p50)), 1)} / ${fmt(median(results.webhook.map((x) => x.p99)), 1)}, bare ${fmt(median(results.bare.map((x) => x.p50)), 1)} / ${fmt(median(results.bare.map((x) => x.p99)), 1)}`,
    );
    console.log(
      `median CPU per request: runtime ${fmt(median(results.webhook.map((x) => x.runtimeCpu ?? NaN)), 3)} ms + load client ${fmt(median(results.webhook.map((x) => x.driverCpu)), 3)} ms (webhook side) vs bare client ${fmt(median(results.bare.map((x) => x.driverCpu)), 3)} ms; ` +
        `engine ${fmt(median(results.webhook.map((x) => x.engineCpu ?? NaN)), 3)} vs ${fmt(median(results.bare.map((x) => x.engineCpu ?? NaN)), 3)} ms per instance`,
    );
    console.log(`runtime peak RSS ${mb(peakRss(rt.child.pid))}, now ${mb(currentRss(rt.child.pid))}`);

    // Every 200 must have started exactly one instance: count them in the engine's records.
    const notOk = sent.webhook - ok.webhook;
    await new Promise((r) => setTimeout(r, 1000));
    try {
      const counts = await instanceCounts(engine);
      const hook = counts.get(hookPid) ?? 0;
      const bare = counts.get(barePid) ?? 0;
      console.log(
        `engine records (PROCESS_INSTANCE_CREATION CREATED): webhook process ${hook} instances for ${ok.webhook} answers 200 of ${sent.webhook} requests (${notOk} not 200): ${hook === ok.webhook ? 'one instance per 200' : 'MISMATCH'}`,
      );
      console.log(`engine records: bare process ${bare} instances for ${ok.bare} successful calls of ${sent.bare}: ${bare === ok.bare ? 'match' : 'MISMATCH'}`);
    } catch (e) {
      console.log(`engine records: could not be read (${e instanceof Error ? e.message : String(e)})`);
    }

    agent.destroy();
    await stopChild(rt.child, 15_000);
    if (profDir) {
      const file = readdirSync(profDir)
        .filter((f) => f.includes(`.${rt.child.pid}.`) && f.endsWith('.cpuprofile'))
        .sort()[0];
      if (file) {
        console.log('');
        console.log(`runtime CPU profile ${join(profDir, file)} (whole life: start, warm-up and rounds; ${sent.webhook} webhook requests):`);
        console.log(formatSummary(summarise(join(profDir, file)), 25, sent.webhook));
      } else {
        console.log(`no profile of pid ${rt.child.pid} in ${profDir}`);
      }
    }
  } finally {
    await zb.close(2000).catch(() => undefined);
  }
}

runBenchmark('benchmark', main, () => engine);
