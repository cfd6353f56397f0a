/**
 * AMQP inbound throughput, run by hand (never part of `npm test`):
 *
 *   npm run bench:amqp -w @connectorkit/tools-bench -- --messages 5000 --rounds 4
 *
 * Messages per second correlated by the runtime (its build, `node packages/runtime/dist/cli/main.js
 * start`, with the AMQP connector's build and a start event carrying Camunda's stock RabbitMQ
 * properties) against a bare `amqplib` consumer that hands each message to Zeebe through
 * `@camunda8/sdk` (src/amqp-bare.ts), on the same broker and engine, in the same run, in
 * alternating rounds, with the same prefetch. See tools/bench/README.md and BENCHMARKS.md.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Camunda8 } from '@camunda8/sdk';
import ts from 'typescript';
import {
  checkBuilt,
  connectBroker,
  connectionName,
  countInstances,
  declareQueues,
  engineAt,
  median,
  publishSeq,
  queueCounts,
  root,
  sleep,
  spawnRuntime,
  startProcess,
  stockProperties,
  tally,
  waitConsuming,
  type ElementKind,
} from './amqp-common.js';
import { cpuMs, currentRss, killAllChildrenNow, peakRss, spawnNode, stopAllChildren, stopChild, type Child, whole } from './proc.js';

const USAGE = `Usage: npm run bench:amqp -w @connectorkit/tools-bench -- [options]

Needs the builds (npx tsc -p tsconfig.lib.json in packages/sdk, packages/runtime,
packages/connectors/amqp), the local RabbitMQ and an engine started by hand:
  CONNECTORS_ENGINE_GRPC_PORT=33500 CONNECTORS_ENGINE_HEALTH_PORT=16600 node tools/engine/engine.mjs start

Options:
  --messages N       messages per side per round (default 5000)
  --rounds N         measured rounds (default 4); the order of the sides flips every round
  --warmup N         messages per side before the first round, not measured (default 2000)
  --prefetch N       prefetch of both sides: the runtime's CONNECTORKIT_AMQP_PREFETCH (default 10)
  --element K        message-start (default: message start event, AMQP message ids, publishMessage)
                     or start (none start event, createProcessInstance)
  --grpc-port P      the engine's gRPC port (default 33500)
  --health-port P    the engine's health/REST port (default 16600)
  --uri U            the broker (default amqp://guest:guest@127.0.0.1:5672)
  --node-arg A       extra node flag for the runtime process (repeatable), e.g.
                     --node-arg=--cpu-prof --node-arg=--cpu-prof-dir=/tmp/prof
  --keep             keep the queues at the end (default: delete them)
  --help`;

const { values } = parseArgs({
  options: {
    messages: { type: 'string', default: '5000' },
    rounds: { type: 'string', default: '4' },
    warmup: { type: 'string', default: '2000' },
    prefetch: { type: 'string', default: '10' },
    element: { type: 'string', default: 'message-start' },
    'grpc-port': { type: 'string', default: '33500' },
    'health-port': { type: 'string', default: '16600' },
    uri: { type: 'string', default: 'amqp://guest:guest@127.0.0.1:5672' },
    'node-arg': { type: 'string', multiple: true, default: [] },
    keep: { type: 'boolean', default: false },
    help: { type: 'boolean' },
  },
});
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const messages = whole('messages', values.messages, 1, 200_000, USAGE);
const rounds = whole('rounds', values.rounds, 1, 20, USAGE);
const warmup = whole('warmup', values.warmup, 0, 100_000, USAGE);
const prefetch = whole('prefetch', values.prefetch, 1, 10_000, USAGE);
const grpcPort = whole('grpc-port', values['grpc-port'], 1, 65535, USAGE);
const healthPort = whole('health-port', values['health-port'], 1, 65535, USAGE);
const kind = values.element as ElementKind;
if (kind !== 'message-start' && kind !== 'start') {
  console.error(USAGE);
  process.exit(2);
}

interface Round {
  round: number;
  rate: number;
  seconds: number;
  cpuMsPerMessage?: number;
  engineCpuMsPerMessage?: number;
}
interface Side {
  label: 'runtime' | 'bare amqplib';
  queue: string;
  dlq: string;
  processId: string;
  messageName: string;
  child?: Child;
  readyMs?: number;
  idleRss?: number;
  /** Next sequence number to publish. */
  next: number;
  results: Round[];
}

const run = randomUUID().slice(0, 8);
const dir = mkdtempSync(join(tmpdir(), 'connectorkit-bench-amqp-'));
let exiting = false;
process.on('exit', () => killAllChildrenNow());
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.on(sig, () => {
    if (exiting) return;
    exiting = true;
    void stopAllChildren().finally(() => process.exit(130));
  });
}

/** src/amqp-bare.ts as plain JavaScript in the run's folder (with node_modules linked), so the baseline runs on plain `node` too. */
function transpileBare(): string {
  const out = join(dir, 'bare');
  mkdirSync(out, { recursive: true });
  symlinkSync(join(root, 'node_modules'), join(out, 'node_modules'));
  const source = readFileSync(join(root, 'tools', 'bench', 'src', 'amqp-bare.ts'), 'utf8');
  const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
  const file = join(out, 'amqp-bare.mjs');
  writeFileSync(file, js);
  return file;
}

async function main(): Promise<void> {
  checkBuilt();
  const engine = await engineAt(grpcPort, healthPort);
  console.log(`run ${run}: logs in ${dir}`);
  console.log(
    `engine ${engine.grpc} (pid ${engine.pid ?? '?'}), broker ${values.uri.replace(/\/\/[^@]*@/, '//***@')}, element ${kind}, prefetch ${prefetch}, ` +
      `${messages} messages x ${rounds} rounds, warm-up ${warmup}; ${cpus().length} cores, load ${loadavg().map((l) => l.toFixed(1)).join(' ')}`,
  );

  const conn = await connectBroker(values.uri, connectionName(run, 'driver'));
  const channel = await conn.createConfirmChannel();
  const sides: Side[] = [];
  for (const label of ['runtime', 'bare amqplib'] as const) {
    const short = label === 'runtime' ? 'rt' : 'bare';
    const { queue, dlq } = await declareQueues(channel, `bench-amqp-${run}-${short}`);
    sides.push({ label, queue, dlq, processId: `bench-amqp-${short}-${run}`, messageName: `bench-amqp-${short}-${run}`, next: 0, results: [] });
  }

  const c8 = new Camunda8({ ZEEBE_GRPC_ADDRESS: engine.grpc, CAMUNDA_AUTH_STRATEGY: 'NONE', zeebeGrpcSettings: { ZEEBE_CLIENT_LOG_LEVEL: 'NONE' } } as never);
  const zb = c8.getZeebeGrpcApiClient();
  const [rt, bare] = sides as [Side, Side];
  await zb.deployResource({ name: `${rt.processId}.bpmn`, process: Buffer.from(startProcess(rt.processId, kind, rt.messageName, stockProperties(rt.queue))) });
  await zb.deployResource({ name: `${bare.processId}.bpmn`, process: Buffer.from(startProcess(bare.processId, kind, bare.messageName, {})) });

  const runtime = await spawnRuntime({
    name: 'runtime',
    engine,
    brokerUri: values.uri,
    prefetch,
    stateFile: join(dir, 'state.db'),
    logFile: join(dir, 'runtime.log'),
    nodeArgs: values['node-arg'],
  });
  rt.child = runtime.child;
  rt.readyMs = runtime.readyMs;
  await waitConsuming(runtime.url, rt.processId);
  rt.idleRss = currentRss(runtime.child.pid);

  const bareFile = transpileBare();
  const t0 = Date.now();
  const spawned = spawnNode({
    name: 'bare amqplib',
    args: [
      bareFile,
      '--uri',
      values.uri,
      '--queue',
      bare.queue,
      '--prefetch',
      String(prefetch),
      '--kind',
      kind,
      ...(kind === 'message-start' ? ['--message-name', bare.messageName] : ['--process-id', bare.processId]),
    ],
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ZEEBE_GRPC_ADDRESS: engine.grpc, CAMUNDA_AUTH_STRATEGY: 'NONE' },
    cwd: join(dir, 'bare'),
    logFile: join(dir, 'bare.log'),
    readyLine: 'READY',
  });
  await spawned.ready;
  bare.child = spawned.child;
  bare.readyMs = Date.now() - t0;
  bare.idleRss = currentRss(spawned.child.pid);
  console.log(`runtime ready in ${rt.readyMs} ms (spawn -> /health/ready), consuming; bare consumer ready in ${bare.readyMs} ms`);

  /** Publishes `count` messages to the side's queue and waits until its queue has no ready message left. */
  const pass = async (side: Side, count: number): Promise<Round> => {
    const pid = side.child!.pid;
    const cpu0 = cpuMs(pid);
    const eng0 = engine.pid ? cpuMs(engine.pid) : undefined;
    const start = performance.now();
    await publishSeq(channel, side.queue, side.next, count, `${side.processId}`);
    side.next += count;
    const deadline = Date.now() + Math.max(120_000, 200 * count);
    for (;;) {
      const q = await channel.checkQueue(side.queue);
      if (q.messageCount === 0) break;
      if (Date.now() > deadline) throw new Error(`${side.label}: ${q.messageCount} messages still ready after ${Math.round((performance.now() - start) / 1000)} s`);
      await sleep(20);
    }
    const seconds = (performance.now() - start) / 1000;
    const cpu1 = cpuMs(pid);
    const eng1 = engine.pid ? cpuMs(engine.pid) : undefined;
    // The last prefetch-many messages (unacknowledged, not ready) finish before the other side starts.
    await sleep(500);
    return {
      round: 0,
      rate: count / seconds,
      seconds,
      ...(cpu0 !== undefined && cpu1 !== undefined ? { cpuMsPerMessage: (cpu1 - cpu0) / count } : {}),
      ...(eng0 !== undefined && eng1 !== undefined ? { engineCpuMsPerMessage: (eng1 - eng0) / count } : {}),
    };
  };

  if (warmup > 0) {
    for (const side of sides) {
      const w = await pass(side, warmup);
      console.log(`warm-up ${side.label}: ${w.rate.toFixed(1)} msg/s`);
    }
  }
  console.log('\n| round | side | msg/s | s | side CPU ms/msg | engine CPU ms/msg |\n| --- | --- | ---: | ---: | ---: | ---: |');
  for (let r = 1; r <= rounds; r++) {
    const order = r % 2 === 1 ? sides : [...sides].reverse();
    for (const side of order) {
      const res = { ...(await pass(side, messages)), round: r };
      side.results.push(res);
      console.log(
        `| ${r} | ${side.label} | ${res.rate.toFixed(1)} | ${res.seconds.toFixed(2)} | ${res.cpuMsPerMessage?.toFixed(3) ?? '?'} | ${res.engineCpuMsPerMessage?.toFixed(3) ?? '?'} |`,
      );
    }
  }

  const peaks = sides.map((s) => peakRss(s.child!.pid));
  await sleep(1500);
  // Count through the engine: every published sequence number must have started exactly one instance.
  console.log('\nthrough the engine (VARIABLE records, seq per instance):');
  for (const side of sides) {
    const c = await countInstances(engine, side.processId, false);
    const t = tally(c.bySeq, side.next);
    console.log(
      `  ${side.label}: ${c.instances} instances for ${side.next} messages; missing ${t.missing.length}${t.missing.length ? ` (${t.missing.slice(0, 10).join(', ')}…)` : ''}, duplicates ${t.duplicates}, unexpected ${t.unexpected}`,
    );
  }
  const counts = await queueCounts(sides.flatMap((s) => [s.queue, s.dlq]));
  for (const [name, q] of counts) console.log(`  queue ${name}: ready ${q.ready}, unacknowledged ${q.unacked}, consumers ${q.consumers}`);

  const med = sides.map((s) => median(s.results.map((x) => x.rate)));
  const perRound = rt.results.map((x, i) => x.rate / bare.results[i]!.rate);
  const geo = Math.exp(perRound.reduce((a, b) => a + Math.log(b), 0) / perRound.length);
  const ratio = med[0]! / med[1]!;
  console.log('\n| | runtime | bare amqplib + @camunda8/sdk |\n| --- | ---: | ---: |');
  console.log(`| median msg/s | ${med[0]!.toFixed(1)} | ${med[1]!.toFixed(1)} |`);
  console.log(`| ratio runtime / bare (of the medians) | **${ratio.toFixed(2)}x** (target >= 0.90x: ${ratio >= 0.9 ? 'met' : 'not met'}) | |`);
  console.log(`| per-round ratios | ${perRound.map((x) => x.toFixed(2)).join(', ')} (geometric mean ${geo.toFixed(2)}x) | |`);
  console.log(
    `| median side CPU ms/msg | ${sides.map((s) => median(s.results.flatMap((x) => (x.cpuMsPerMessage === undefined ? [] : [x.cpuMsPerMessage]))).toFixed(3)).join(' | ')} |`,
  );
  console.log(
    `| median engine CPU ms/msg | ${sides.map((s) => median(s.results.flatMap((x) => (x.engineCpuMsPerMessage === undefined ? [] : [x.engineCpuMsPerMessage]))).toFixed(3)).join(' | ')} |`,
  );
  console.log(`| ready (spawn -> ready) | ${rt.readyMs} ms | ${bare.readyMs} ms |`);
  console.log(`| RSS when ready / peak | ${sides.map((s, i) => `${mb(s.idleRss)} / ${mb(peaks[i])} MB`).join(' | ')} |`);
  console.log(`load average at the end: ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);

  for (const s of sides) if (s.child) await stopChild(s.child, 15_000);
  if (!values.keep) for (const s of sides) for (const q of [s.queue, s.dlq]) await channel.deleteQueue(q).catch(() => undefined);
  await conn.close().catch(() => undefined);
  await zb.close(2000).catch(() => undefined);
}

const mb = (b: number | undefined) => (b === undefined ? '?' : (b / 1024 / 1024).toFixed(1));

main().then(
  () => process.exit(0),
  async (e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    await stopAllChildren();
    process.exit(1);
  },
);
