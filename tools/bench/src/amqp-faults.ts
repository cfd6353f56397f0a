/**
 * AMQP inbound fault run, by hand (never part of `npm test`):
 *
 *   npm run bench:amqp-faults -w @connectorkit/tools-bench -- --messages 10000 [--element start]
 *
 * N messages, each to start one instance (a message start event with AMQP message ids, or a none
 * start event), consumed by the runtime's build with Camunda's stock RabbitMQ properties. While it
 * consumes: the broker closes our connections (the runtime's and this driver's; `--close all`:
 * every connection of the broker) at 20 % and 70 % of the queue consumed, and the runtime is killed
 * with SIGKILL at 45 % and restarted (same state file and port). Then it counts through the
 * engine (PROCESS_INSTANCE records: ELEMENT_ACTIVATED of the process; VARIABLE records: the
 * message's `seq`) which messages started no instance and which started more than one, and checks
 * the queue and its dead-letter queue are empty.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Camunda8 } from '@camunda8/sdk';
import type amqp from 'amqplib';
import {
  checkBuilt,
  closeAllConnections,
  closeConnectionsMatching,
  connectBroker,
  connectionName,
  countInstances,
  declareQueues,
  engineAt,
  publishSeq,
  queueCounts,
  sleep,
  spawnRuntime,
  startProcess,
  stockProperties,
  tally,
  waitConsuming,
  type ElementKind,
  type RuntimeProcess,
} from './amqp-common.js';
import { killAllChildrenNow, stopAllChildren, stopChild } from './proc.js';

const USAGE = `Usage: npm run bench:amqp-faults -w @connectorkit/tools-bench -- [options]

Needs the builds, the local RabbitMQ (rabbitmqctl, as root) and an engine started by hand:
  CONNECTORS_ENGINE_GRPC_PORT=33500 CONNECTORS_ENGINE_HEALTH_PORT=16600 node tools/engine/engine.mjs start
(a fresh engine per run keeps the records it serves small).

Options:
  --messages N      messages, each to start one instance (default 10000)
  --element K       message-start (default: message start event, AMQP message ids, TTL PT1H)
                    or start (none start event: a redelivery starts a second instance)
  --prefetch N      the runtime's CONNECTORKIT_AMQP_PREFETCH (default 10)
  --close C         mine (default): rabbitmqctl close_connection on the runtime's connection and
                    this driver's; all: rabbitmqctl close_all_connections (other clients' too)
  --grpc-port P     the engine's gRPC port (default 33500)
  --health-port P   the engine's health/REST port (default 16600)
  --uri U           the broker (default amqp://guest:guest@127.0.0.1:5672)
  --keep            keep the queues at the end
  --help`;

const { values } = parseArgs({
  options: {
    messages: { type: 'string', default: '10000' },
    element: { type: 'string', default: 'message-start' },
    prefetch: { type: 'string', default: '10' },
    close: { type: 'string', default: 'mine' },
    'grpc-port': { type: 'string', default: '33500' },
    'health-port': { type: 'string', default: '16600' },
    uri: { type: 'string', default: 'amqp://guest:guest@127.0.0.1:5672' },
    keep: { type: 'boolean', default: false },
    help: { type: 'boolean' },
  },
});
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const messages = Number(values.messages);
const prefetch = Number(values.prefetch);
const kind = values.element as ElementKind;
if (
  !Number.isInteger(messages) ||
  messages < 10 ||
  !Number.isInteger(prefetch) ||
  prefetch < 1 ||
  (kind !== 'message-start' && kind !== 'start') ||
  (values.close !== 'mine' && values.close !== 'all')
) {
  console.error(USAGE);
  process.exit(2);
}

const run = randomUUID().slice(0, 8);
const dir = mkdtempSync(join(tmpdir(), 'connectorkit-bench-amqp-faults-'));
process.on('exit', () => killAllChildrenNow());
process.on('SIGINT', () => void stopAllChildren().finally(() => process.exit(130)));

const started = performance.now();
const at = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;
const say = (line: string) => console.log(`[${at()}] ${line}`);

/** The driver's broker connection: reopened after the broker closed it. */
class Driver {
  conn?: amqp.ChannelModel;
  channel?: amqp.ConfirmChannel;
  constructor(private readonly uri: string) {}
  async get(): Promise<amqp.ConfirmChannel> {
    for (let i = 0; ; i++) {
      if (this.channel) return this.channel;
      try {
        const conn = await connectBroker(this.uri, connectionName(run, 'driver'));
        conn.on('error', () => undefined);
        conn.on('close', () => {
          if (this.conn === conn) {
            this.conn = undefined;
            this.channel = undefined;
          }
        });
        const channel = await conn.createConfirmChannel();
        channel.on('error', () => undefined);
        channel.on('close', () => {
          if (this.channel === channel) this.channel = undefined;
        });
        this.conn = conn;
        this.channel = channel;
      } catch (e) {
        if (i > 50) throw e;
        await sleep(200);
      }
    }
  }
  /** Ready messages of `queue`; undefined while the connection is being reopened. */
  async ready(queue: string): Promise<number | undefined> {
    try {
      return (await (await this.get()).checkQueue(queue)).messageCount;
    } catch {
      this.channel = undefined;
      return undefined;
    }
  }
}

async function main(): Promise<void> {
  checkBuilt();
  const engine = await engineAt(Number(values['grpc-port']), Number(values['health-port']));
  say(`run ${run}: logs in ${dir}`);
  say(`${messages} messages, element ${kind}, prefetch ${prefetch}, close ${values.close}; ${cpus().length} cores, load ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  const driver = new Driver(values.uri);
  const { queue, dlq } = await declareQueues(await driver.get(), `bench-amqp-faults-${run}`);
  const processId = `bench-amqp-faults-${kind}-${run}`;
  const c8 = new Camunda8({ ZEEBE_GRPC_ADDRESS: engine.grpc, CAMUNDA_AUTH_STRATEGY: 'NONE', zeebeGrpcSettings: { ZEEBE_CLIENT_LOG_LEVEL: 'NONE' } } as never);
  const zb = c8.getZeebeGrpcApiClient();
  await zb.deployResource({ name: `${processId}.bpmn`, process: Buffer.from(startProcess(processId, kind, processId, stockProperties(queue))) });

  const stateFile = join(dir, 'state.db');
  let generation = 1;
  const startRuntime = async (port?: number): Promise<RuntimeProcess> => {
    const r = await spawnRuntime({
      name: `runtime #${generation}`,
      engine,
      brokerUri: values.uri,
      prefetch,
      stateFile,
      logFile: join(dir, `runtime-${generation}.log`),
      ...(port ? { port } : {}),
    });
    await waitConsuming(r.url, processId, 120_000);
    return r;
  };
  let runtime = await startRuntime();
  say(`runtime #1 ready in ${runtime.readyMs} ms and consuming ${queue}`);

  const t0 = performance.now();
  await publishSeq(await driver.get(), queue, 0, messages, processId);
  say(`published ${messages} messages (confirmed) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  const faults: { at: number; what: string; fn: () => Promise<string> }[] = [
    { at: 0.2, what: 'broker closes connections (1)', fn: () => closeConnections('fault 1') },
    {
      at: 0.45,
      what: 'SIGKILL the runtime, restart it',
      fn: async () => {
        runtime.child.proc.kill('SIGKILL');
        await runtime.child.exited;
        const killedAt = performance.now();
        generation++;
        runtime = await startRuntime(runtime.port);
        return `runtime #${generation} consuming again ${((performance.now() - killedAt) / 1000).toFixed(1)} s after the kill (ready in ${runtime.readyMs} ms)`;
      },
    },
    { at: 0.7, what: 'broker closes connections (2)', fn: () => closeConnections('fault 2') },
  ];
  const faultLog: string[] = [];
  const deadline = Date.now() + Math.max(600_000, messages * 200);
  let lastReady = messages;
  for (;;) {
    const ready = await driver.ready(queue);
    if (ready !== undefined) lastReady = ready;
    const consumed = (messages - lastReady) / messages;
    const next = faults[0];
    if (next && consumed >= next.at) {
      faults.shift();
      const line = `${next.what} at ${messages - lastReady} consumed (${lastReady} ready)`;
      say(line);
      const result = await next.fn();
      say(`  ${result}`);
      faultLog.push(`${line}: ${result}`);
      continue;
    }
    if (ready === 0 && faults.length === 0) break;
    if (Date.now() > deadline) throw new Error(`${lastReady} messages still ready at the deadline`);
    await sleep(100);
  }
  const seconds = (performance.now() - t0) / 1000;
  say(`queue drained ${seconds.toFixed(1)} s after the first publish (${(messages / seconds).toFixed(1)} msg/s overall, faults included)`);

  // Let in-flight messages settle, then wait until the engine's count stops moving.
  let last = -1;
  for (let i = 0, unchanged = 0; i < 120; i++) {
    await sleep(1000);
    const distinct = (await countInstances(engine, processId, false)).bySeq.size;
    unchanged = distinct === last ? unchanged + 1 : 0;
    last = distinct;
    if ((distinct >= messages && unchanged >= 2) || unchanged >= 10) break;
  }
  const c = await countInstances(engine, processId, true);
  const t = tally(c.bySeq, messages);
  const counts = await queueCounts([queue, dlq]);
  const q = counts.get(queue);
  const d = counts.get(dlq);
  const logs = [...Array(generation).keys()].map((i) => readFileSync(join(dir, `runtime-${i + 1}.log`), 'utf8'));
  const levels = logs.join('\n').split('\n').flatMap((l) => {
    try {
      const j = JSON.parse(l) as { level?: number | string };
      const named: Record<string, number> = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60 };
      const level = typeof j.level === 'string' ? named[j.level] : j.level;
      return typeof level === 'number' ? [level] : [];
    } catch {
      return [];
    }
  });
  const inbound = (await (await fetch(`${runtime.url}/inbound?bpmnProcessId=${processId}`)).json()) as { status: string; health?: { status?: string } }[];

  console.log(`\n## AMQP fault run: ${kind}, ${messages} messages, prefetch ${prefetch}\n`);
  console.log('| | |\n| --- | --- |');
  console.log(`| faults | ${faultLog.join('; ')} |`);
  console.log(`| instances (PROCESS ELEMENT_ACTIVATED) | ${c.instances} |`);
  console.log(`| distinct messages with an instance | ${c.bySeq.size} of ${messages} |`);
  console.log(`| **lost** (no instance) | **${t.missing.length}**${t.missing.length ? ` (seq ${t.missing.slice(0, 20).join(', ')}${t.missing.length > 20 ? ', …' : ''})` : ''} |`);
  console.log(`| **duplicates** (extra instances) | **${t.duplicates}**${t.duplicated.length ? ` (seq ${t.duplicated.slice(0, 40).join(', ')}${t.duplicated.length > 40 ? ', …' : ''})` : ''} |`);
  console.log(`| instances without seq / unexpected seq | ${c.withoutSeq} / ${t.unexpected} |`);
  console.log(`| queue at the end | ready ${q?.ready ?? '?'}, unacknowledged ${q?.unacked ?? '?'}, consumers ${q?.consumers ?? '?'} |`);
  console.log(`| dead-letter queue | ${d?.ready ?? '?'} messages |`);
  console.log(`| runtime log lines warn / error+ | ${levels.filter((l) => l === 40).length} / ${levels.filter((l) => l >= 50).length} |`);
  console.log(`| connector at the end | ${inbound[0]?.status ?? '?'} health ${inbound[0]?.health?.status ?? '?'} |`);
  console.log(`| drained after | ${seconds.toFixed(1)} s (${(messages / seconds).toFixed(1)} msg/s with the faults) |`);
  console.log(`load average at the end: ${loadavg().map((l) => l.toFixed(1)).join(' ')}; logs: ${dir}`);

  await stopChild(runtime.child, 15_000);
  if (!values.keep) {
    const ch = await driver.get();
    for (const name of [queue, dlq]) await ch.deleteQueue(name).catch(() => undefined);
  }
  await driver.conn?.close().catch(() => undefined);
  await zb.close(2000).catch(() => undefined);
  process.exitCode = t.missing.length > 0 ? 1 : 0;

  async function closeConnections(reason: string): Promise<string> {
    if (values.close === 'all') {
      await closeAllConnections(`bench ${reason}`);
      return 'rabbitmqctl close_all_connections';
    }
    const closed = await closeConnectionsMatching([`connectorkit-amqp ${queue}`, connectionName(run, '')], `bench ${reason}`);
    return `rabbitmqctl close_connection on ${closed.length}: ${closed.join(', ')}`;
  }
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  async (e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    await stopAllChildren();
    process.exit(1);
  },
);
