/**
 * Shared pieces of the AMQP benchmarks (amqp.ts, amqp-faults.ts): the engine of the run, the BPMN
 * models (stock RabbitMQ inbound properties), the runtime spawned from its build (`dist`, plain
 * `node`), the broker (queues, publishing, closing our own connections with `rabbitmqctl`) and the
 * count of instances through the engine's exported records.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import amqp from 'amqplib';
import { freePort, spawnNode, waitForHttp200, type Child } from './proc.js';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

// ---------------------------------------------------------------------------------------------
// Engine

export interface Engine {
  grpcPort: number;
  healthPort: number;
  /** `grpc://127.0.0.1:<grpcPort>` */
  grpc: string;
  /** The health port: /records and the REST v2 process-definition endpoints. */
  http: string;
  /** The engine's java process, for its CPU time (from the engine tool's pid file), if found. */
  pid?: number;
}

/** The engine started by hand with `node tools/engine/engine.mjs start` on these ports; fails when it does not answer. */
export async function engineAt(grpcPort: number, healthPort: number): Promise<Engine> {
  const http = `http://127.0.0.1:${healthPort}`;
  const res = await fetch(`${http}/actuator/health/status`, { signal: AbortSignal.timeout(3000) }).catch(() => undefined);
  if (res?.status !== 200) {
    throw new Error(
      `no engine answers on ${http}; start one: CONNECTORS_ENGINE_GRPC_PORT=${grpcPort} CONNECTORS_ENGINE_HEALTH_PORT=${healthPort} node tools/engine/engine.mjs start`,
    );
  }
  const home = process.env.CONNECTORS_ENGINE_HOME ?? join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'connectors-engine');
  const pidFile = join(home, `engine-${healthPort}.pid`);
  const pid = existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8').trim()) || undefined : undefined;
  return { grpcPort, healthPort, grpc: `grpc://127.0.0.1:${grpcPort}`, http, ...(pid ? { pid } : {}) };
}

export interface EngineRecord {
  key: number | string;
  intent: string;
  recordType: string;
  valueType: string;
  value: Record<string, unknown>;
}

/** Every exported record of one value type (the whole log of the engine: use a fresh engine per run to keep it small). */
export async function engineRecords(engine: Engine, valueType: string): Promise<EngineRecord[]> {
  const res = await fetch(`${engine.http}/records?valueType=${valueType}`, { signal: AbortSignal.timeout(300_000) });
  if (res.status !== 200) throw new Error(`GET /records?valueType=${valueType}: ${res.status} ${await res.text()}`);
  return (await res.json()) as EngineRecord[];
}

/**
 * The `seq` variable of the instances of `processId`, as the engine recorded them: for each
 * sequence number, how many instances carry it. With `viaProcessInstances`, the instances are
 * first taken from the PROCESS_INSTANCE records (ELEMENT_ACTIVATED of the PROCESS element), and
 * instances without a `seq` variable are counted too; otherwise only VARIABLE records are read
 * (much smaller: one per instance).
 */
export async function countInstances(
  engine: Engine,
  processId: string,
  viaProcessInstances: boolean,
): Promise<{ instances: number; bySeq: Map<number, number>; withoutSeq: number }> {
  let keys: Set<string> | undefined;
  if (viaProcessInstances) {
    keys = new Set(
      (await engineRecords(engine, 'PROCESS_INSTANCE'))
        .filter(
          (r) =>
            r.recordType === 'EVENT' && r.intent === 'ELEMENT_ACTIVATED' && r.value.bpmnElementType === 'PROCESS' && r.value.bpmnProcessId === processId,
        )
        .map((r) => String(r.key)),
    );
  }
  const bySeq = new Map<number, number>();
  const seen = new Set<string>();
  const pairs = new Set<string>();
  for (const r of await engineRecords(engine, 'VARIABLE')) {
    if (r.recordType !== 'EVENT' || r.intent !== 'CREATED' || r.value.name !== 'seq' || r.value.bpmnProcessId !== processId) continue;
    const pik = String(r.value.processInstanceKey);
    if (keys && !keys.has(pik)) continue;
    const seq = Number(JSON.parse(String(r.value.value)));
    // A message start event records the variable twice (its own scope, then the process's): count instances, not records.
    if (pairs.has(`${pik}:${seq}`)) continue;
    pairs.add(`${pik}:${seq}`);
    seen.add(pik);
    bySeq.set(seq, (bySeq.get(seq) ?? 0) + 1);
  }
  const instances = keys ? keys.size : seen.size;
  return { instances, bySeq, withoutSeq: keys ? [...keys].filter((k) => !seen.has(k)).length : 0 };
}

/** Missing and duplicated sequence numbers among `expected` (0..expected-1). */
export function tally(bySeq: Map<number, number>, expected: number, offset = 0): { missing: number[]; duplicates: number; duplicated: number[]; unexpected: number } {
  const missing: number[] = [];
  const duplicated: number[] = [];
  let duplicates = 0;
  for (let i = offset; i < offset + expected; i++) {
    const n = bySeq.get(i) ?? 0;
    if (n === 0) missing.push(i);
    if (n > 1) {
      duplicates += n - 1;
      duplicated.push(i);
    }
  }
  let unexpected = 0;
  for (const k of bySeq.keys()) if (k < offset || k >= offset + expected) unexpected++;
  return { missing, duplicates, duplicated, unexpected };
}

// ---------------------------------------------------------------------------------------------
// Models

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

function propertiesXml(p: Record<string, string>): string {
  if (Object.keys(p).length === 0) return '';
  const entries = Object.entries(p)
    .map(([k, v]) => `<zeebe:property name="${esc(k)}" value="${esc(v)}" />`)
    .join('');
  return `<bpmn:extensionElements><zeebe:properties>${entries}</zeebe:properties></bpmn:extensionElements>`;
}

export type ElementKind = 'message-start' | 'start';

/**
 * start -> end. `message-start`: a message start event of message `messageName`; `start`: a none
 * start event. `props` are the start event's inbound properties (none for the bare side).
 */
export function startProcess(processId: string, kind: ElementKind, messageName: string, props: Record<string, string>): string {
  const definition = kind === 'message-start' ? '<bpmn:messageEventDefinition messageRef="msg" />' : '';
  const message = kind === 'message-start' ? `<bpmn:message id="msg" name="${esc(messageName)}" />` : '';
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="defs_${processId}" targetNamespace="http://connectorkit.io/bench">
  <bpmn:process id="${processId}" isExecutable="true">
    <bpmn:startEvent id="start">${propertiesXml(props)}<bpmn:outgoing>f1</bpmn:outgoing>${definition}</bpmn:startEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="end" />
    <bpmn:endEvent id="end"><bpmn:incoming>f1</bpmn:incoming></bpmn:endEvent>
  </bpmn:process>
  ${message}
</bpmn:definitions>
`;
}

/** The secret the runtime resolves the broker URI from (`SECRET_AMQP_URI`). */
export const URI_SECRET = 'AMQP_URI';

/**
 * Camunda's stock RabbitMQ inbound properties for `queue`, plus the mapping of the message's
 * sequence number to the `seq` variable. The message id is the AMQP messageId (the connector passes it).
 */
export function stockProperties(queue: string): Record<string, string> {
  return {
    'inbound.type': 'io.camunda:connector-rabbitmq-inbound:1',
    'authentication.authType': 'uri',
    'authentication.uri': `{{secrets.${URI_SECRET}}}`,
    queueName: queue,
    resultExpression: '={seq: message.body.seq}',
  };
}

// ---------------------------------------------------------------------------------------------
// The runtime, from its build

export interface RuntimeOptions {
  name: string;
  engine: Engine;
  brokerUri: string;
  prefetch: number;
  stateFile: string;
  logFile: string;
  nodeArgs?: string[];
  port?: number;
}

export interface RuntimeProcess {
  child: Child;
  url: string;
  port: number;
  /** Spawn until /health/ready answered 200 (ms). */
  readyMs: number;
}

export const runtimeMain = join(root, 'packages', 'runtime', 'dist', 'cli', 'main.js');
export const amqpConnectorDist = join(root, 'packages', 'connectors', 'amqp', 'dist', 'index.js');

export function checkBuilt(): void {
  for (const f of [runtimeMain, amqpConnectorDist, join(root, 'packages', 'sdk', 'dist', 'index.js')]) {
    if (!existsSync(f)) {
      throw new Error(`${f} is missing: build with \`npx tsc -p tsconfig.lib.json\` in packages/sdk, packages/runtime and packages/connectors/amqp`);
    }
  }
}

/** `node packages/runtime/dist/cli/main.js start` with the AMQP connector's dist, waits for /health/ready. */
export async function spawnRuntime(o: RuntimeOptions): Promise<RuntimeProcess> {
  const port = o.port ?? (await freePort());
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    CONNECTORKIT_CONNECTORS: amqpConnectorDist,
    CONNECTORKIT_DISCOVERY: 'false',
    ZEEBE_GRPC_ADDRESS: o.engine.grpc,
    ZEEBE_REST_ADDRESS: o.engine.http,
    CAMUNDA_AUTH_STRATEGY: 'NONE',
    CONNECTORKIT_HTTP_PORT: String(port),
    CONNECTORKIT_DISCOVERY_INTERVAL: '500ms',
    CONNECTORKIT_STATE_URL: o.stateFile,
    CONNECTORKIT_AMQP_PREFETCH: String(o.prefetch),
    CONNECTORKIT_LOG_FORMAT: 'json',
    [`SECRET_${URI_SECRET}`]: o.brokerUri,
    LOG_LEVEL: 'warn',
  };
  const t0 = Date.now();
  const { child } = spawnNode({ name: o.name, args: [...(o.nodeArgs ?? []), runtimeMain, 'start'], env, cwd: root, logFile: o.logFile });
  const died = child.exited.then((how) => {
    throw new Error(`${o.name} exited (${how}) before it was ready; see ${o.logFile}`);
  });
  died.catch(() => undefined);
  const url = `http://127.0.0.1:${port}`;
  const readyMs = await waitForHttp200(`${url}/health/ready`, t0, 120_000, died);
  return { child, url, port, readyMs };
}

interface InboundEntry {
  status: string;
  health?: { status?: string };
  reason?: string;
  activity?: { message: string }[];
}

/** Waits until `GET /inbound` lists the process's connector ACTIVE with health UP (consuming). */
export async function waitConsuming(url: string, processId: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no entry';
  while (Date.now() < deadline) {
    try {
      const list = (await (await fetch(`${url}/inbound?bpmnProcessId=${processId}`, { signal: AbortSignal.timeout(2000) })).json()) as InboundEntry[];
      const e = list[0];
      if (e) last = `${e.status} health=${e.health?.status ?? '?'} ${e.reason ?? ''}`;
      if (e?.status === 'ACTIVE' && e.health?.status === 'UP') return;
    } catch {
      // not answering yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the runtime at ${url} did not start consuming for ${processId} within ${timeoutMs} ms (last: ${last})`);
}

// ---------------------------------------------------------------------------------------------
// Broker

/** Our connections carry this in their client-provided name, so the fault run can close exactly them. */
export function connectionName(run: string, what: string): string {
  return `amqp-bench ${run} ${what}`;
}

export async function connectBroker(uri: string, name: string): Promise<amqp.ChannelModel> {
  return amqp.connect(uri, { clientProperties: { connection_name: name } });
}

/** A classic queue with a dead-letter queue (`<queue>-dlq`) behind it. */
export async function declareQueues(channel: amqp.Channel, queue: string): Promise<{ queue: string; dlq: string }> {
  const dlq = `${queue}-dlq`;
  await channel.assertQueue(dlq, { durable: false, autoDelete: false });
  await channel.assertQueue(queue, { durable: false, autoDelete: false, arguments: { 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': dlq } });
  return { queue, dlq };
}

/**
 * Publishes messages `from`..`from+count-1` to `queue` with publisher confirms: body
 * `{"seq": n}` (JSON), messageId `<idPrefix>-<n>`. Resolves once the broker confirmed them all.
 */
export async function publishSeq(channel: amqp.ConfirmChannel, queue: string, from: number, count: number, idPrefix: string): Promise<void> {
  const batch = 500;
  for (let i = from; i < from + count; i += batch) {
    const end = Math.min(from + count, i + batch);
    for (let n = i; n < end; n++) {
      const ok = channel.sendToQueue(queue, Buffer.from(JSON.stringify({ seq: n })), { contentType: 'application/json', messageId: `${idPrefix}-${n}` });
      if (!ok) await new Promise((r) => channel.once('drain', r));
    }
    await channel.waitForConfirms();
  }
}

const run = promisify(execFile);

/**
 * Closes, from the broker side (`rabbitmqctl close_connection`), every connection whose
 * client-provided name contains one of `needles`. Returns the names closed.
 */
export async function closeConnectionsMatching(needles: string[], reason: string): Promise<string[]> {
  // The plain output: `<rabbit@host.N.N.N>\t[{"connection_name","..."},...]` (the JSON formatter prints pids close_connection does not accept).
  const { stdout } = await run('rabbitmqctl', ['list_connections', 'pid', 'client_properties', '--quiet'], { timeout: 60_000, maxBuffer: 64 * 1024 * 1024 });
  const closed: string[] = [];
  for (const line of stdout.split('\n')) {
    const pid = /^(<[^>]+>)\t/.exec(line)?.[1];
    const name = /\{"connection_name","((?:[^"\\]|\\.)*)"\}/.exec(line)?.[1];
    if (!pid || name === undefined || !needles.some((n) => name.includes(n))) continue;
    await run('rabbitmqctl', ['close_connection', pid, reason], { timeout: 60_000 }).catch((e: unknown) => {
      console.error(`close_connection ${pid} (${name}) failed: ${e instanceof Error ? e.message : String(e)}`);
    });
    closed.push(name);
  }
  return closed;
}

/** `rabbitmqctl close_all_connections` (every client of the broker, other engineers' too). */
export async function closeAllConnections(reason: string): Promise<void> {
  await run('rabbitmqctl', ['close_all_connections', reason], { timeout: 60_000 });
}

/** Ready and unacknowledged messages of the queues, from `rabbitmqctl list_queues`. */
export async function queueCounts(names: string[]): Promise<Map<string, { ready: number; unacked: number; consumers: number }>> {
  const { stdout } = await run('rabbitmqctl', ['list_queues', 'name', 'messages_ready', 'messages_unacknowledged', 'consumers', '--formatter', 'json', '--quiet'], {
    timeout: 60_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  const list = JSON.parse(stdout.slice(stdout.indexOf('['))) as { name: string; messages_ready: number; messages_unacknowledged: number; consumers: number }[];
  const out = new Map<string, { ready: number; unacked: number; consumers: number }>();
  for (const q of list) {
    if (names.includes(q.name)) out.set(q.name, { ready: q.messages_ready, unacked: q.messages_unacknowledged, consumers: q.consumers });
  }
  return out;
}

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length === 0 ? NaN : s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
