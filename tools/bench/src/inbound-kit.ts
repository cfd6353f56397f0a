/**
 * Shared pieces of the inbound benchmarks (webhook.ts, fuzz.ts, discovery.ts): an engine (the
 * shared one or a private one), the built runtime (`packages/runtime/dist/cli/main.js`, plain
 * `node`, as a user runs it) in a child process, BPMN models with inbound properties, a keep-alive
 * HTTP client for loopback, the engine's records, and small statistics helpers.
 */
import { request as httpRequest, Agent, type IncomingHttpHeaders } from 'node:http';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { freePort, killAllChildrenNow, spawnNode, stopAllChildren, waitForHttp200, type Child } from './proc.js';
export { whole } from './proc.js';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

// ---------------------------------------------------------------------------------------------
// Engine

export interface Engine {
  grpcAddress: string;
  /** Base URL of the health port (records, REST v2 process definitions). */
  httpBase: string;
  pid: number | undefined;
  /** Stops the engine if this run started it. */
  stop(): Promise<void>;
}

interface EngineTool {
  ensureEngine(o?: object): Promise<{ started: boolean; pid?: number; grpcAddress: string; healthUrl: string }>;
  startEngine(o?: object): Promise<{ started: boolean; pid?: number; grpcAddress: string; healthUrl: string }>;
  stopEngine(o?: object): Promise<unknown>;
}

/**
 * `shared`: the engine on CONNECTORS_ENGINE_GRPC_PORT / CONNECTORS_ENGINE_HEALTH_PORT (26500 / 9600
 * by default), started if none answers (and then stopped at the end). `fresh`: a private engine on
 * free ports, stopped at the end.
 */
export async function getEngine(mode: 'shared' | 'fresh'): Promise<Engine> {
  // tools/engine is a script folder, not a package: imported by path (as run.ts does).
  const tool = (await import(pathToFileURL(join(root, 'tools', 'engine', 'engine.mjs')).href)) as EngineTool;
  const opts = mode === 'fresh' ? { grpcPort: await freePort(), healthPort: await freePort() } : {};
  const e = mode === 'fresh' ? await tool.startEngine(opts) : await tool.ensureEngine(opts);
  let stopped = false;
  return {
    grpcAddress: e.grpcAddress,
    httpBase: new URL(e.healthUrl).origin,
    pid: e.pid ?? findEnginePid(),
    stop: async () => {
      if (e.started && !stopped) {
        stopped = true;
        await tool.stopEngine(opts);
      }
    },
  };
}

/** The engine's java process when the tool did not say (a shared engine started earlier). */
function findEnginePid(): number | undefined {
  const port = process.env.CONNECTORS_ENGINE_HEALTH_PORT ?? '9600';
  try {
    const pidFile = join(process.env.CONNECTORS_ENGINE_HOME ?? join(process.env.XDG_CACHE_HOME ?? join(process.env.HOME ?? '/root', '.cache'), 'connectors-engine'), `engine-${port}.pid`);
    const pid = Number(readFileSync(pidFile, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Client settings of the bench's own `@camunda8/sdk` client (and the runtime's). */
export function clientEnv(engine: Engine): Record<string, string> {
  return {
    ZEEBE_GRPC_ADDRESS: engine.grpcAddress,
    CAMUNDA_AUTH_STRATEGY: 'NONE',
    ZEEBE_CLIENT_LOG_LEVEL: process.env.ZEEBE_CLIENT_LOG_LEVEL ?? 'NONE',
    // Fail instead of retrying forever: the runtime's inbound commands do not retry either.
    ZEEBE_GRPC_CLIENT_RETRY: 'false',
  };
}

/** Records of one value type from the engine's `/records` (everything the engine wrote: use at the end of a run). */
export async function engineRecords(engine: Engine, valueType: string): Promise<EngineRecord[]> {
  const res = await fetch(`${engine.httpBase}/records?valueType=${valueType}`, { signal: AbortSignal.timeout(120_000) });
  if (!res.ok) throw new Error(`/records answered ${res.status}`);
  return (await res.json()) as EngineRecord[];
}

export interface EngineRecord {
  key: number | string;
  intent: string;
  valueType: string;
  value: Record<string, unknown>;
}

/**
 * Process instances created per bpmnProcessId: the `PROCESS_INSTANCE_CREATION` `CREATED` records
 * (two records per instance). Not `PROCESS_INSTANCE` (about 14 per instance): the engine builds the
 * whole `/records` answer as one string, and for 20,000 instances that ran it out of its 2 GB heap.
 */
export async function instanceCounts(engine: Engine): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const r of await engineRecords(engine, 'PROCESS_INSTANCE_CREATION')) {
    if (r.intent !== 'CREATED') continue;
    const id = String(r.value.bpmnProcessId);
    out.set(id, (out.get(id) ?? 0) + 1);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The runtime, built (dist), in a child process

export interface RuntimeProcess {
  child: Child;
  url: string;
  port: number;
  readyMs: number;
}

export interface RuntimeOptions {
  engine: Engine;
  /** REST address for discovery (default: the engine's health port). */
  restAddress?: string;
  /** The CLI script (default packages/runtime/dist/cli/main.js). */
  entry?: string;
  nodeArgs?: string[];
  env?: Record<string, string>;
  logFile: string;
  /** Directory for the state store (SQLite file), out of the repository. */
  stateDir: string;
}

/** Extra environment for the runtime: names of secrets etc. */
export async function startRuntime(o: RuntimeOptions): Promise<RuntimeProcess> {
  const entry = o.entry ? resolve(o.entry) : join(root, 'packages', 'runtime', 'dist', 'cli', 'main.js');
  if (!existsSync(entry)) throw new Error(`no runtime CLI at ${entry}: build first (npx nx run-many -t build --projects=@connectorkit/sdk,@connectorkit/runtime,@connectorkit/connector-webhook)`);
  const webhookDist = join(root, 'packages', 'connectors', 'webhook', 'dist', 'index.js');
  if (!existsSync(webhookDist)) throw new Error(`no ${webhookDist}: build the webhook connector first`);
  const port = await freePort();
  const t0 = Date.now();
  const { child } = spawnNode({
    name: 'runtime',
    args: [...(o.nodeArgs ?? []), entry, 'start'],
    cwd: root,
    logFile: o.logFile,
    env: {
      ...process.env,
      ...clientEnv(o.engine),
      ZEEBE_REST_ADDRESS: o.restAddress ?? o.engine.httpBase,
      CONNECTORKIT_CONNECTORS: webhookDist,
      CONNECTORKIT_DISCOVERY: 'false',
      CONNECTORKIT_HTTP_HOST: '127.0.0.1',
      CONNECTORKIT_HTTP_PORT: String(port),
      CONNECTORKIT_DISCOVERY_INTERVAL: '500ms',
      CONNECTORKIT_STATE_URL: join(o.stateDir, 'state.db'),
      CONNECTORKIT_LOG_FORMAT: 'json',
      LOG_LEVEL: 'warn',
      ...o.env,
    },
  });
  const died = child.exited.then((how): never => {
    throw new Error(`the runtime exited (${how}); see ${o.logFile}`);
  });
  died.catch(() => undefined);
  const readyMs = await waitForHttp200(`http://127.0.0.1:${port}/health/ready`, t0, 120_000, died);
  return { child, url: `http://127.0.0.1:${port}`, port, readyMs };
}

export interface InboundEntry {
  id: string;
  type: string;
  status: string;
  reason?: string;
  bpmnProcessId: string;
  webhookContext?: string;
  elementIds: string[];
}

export async function inboundList(runtimeUrl: string, query = ''): Promise<InboundEntry[]> {
  const res = await fetch(`${runtimeUrl}/inbound${query}`, { signal: AbortSignal.timeout(10_000) });
  if (!res.ok) throw new Error(`GET /inbound answered ${res.status}`);
  return (await res.json()) as InboundEntry[];
}

/** Waits (bounded) until `/inbound` lists an ACTIVE connector for each process id; throws with what it saw otherwise. */
export async function waitActive(runtimeUrl: string, processIds: string[], timeoutMs = 60_000): Promise<number> {
  const t0 = Date.now();
  let last: InboundEntry[] = [];
  while (Date.now() - t0 < timeoutMs) {
    try {
      last = await inboundList(runtimeUrl);
      const active = new Set(last.filter((e) => e.status === 'ACTIVE').map((e) => e.bpmnProcessId));
      if (processIds.every((p) => active.has(p))) return Date.now() - t0;
    } catch {
      // not answering yet
    }
    await sleep(100);
  }
  const seen = last.filter((e) => processIds.includes(e.bpmnProcessId)).map((e) => `${e.bpmnProcessId}: ${e.status}${e.reason ? ` (${e.reason})` : ''}`);
  throw new Error(`not every webhook became ACTIVE within ${timeoutMs} ms; seen: ${seen.join('; ') || 'none'}`);
}

/**
 * Runs a benchmark's `main` as every inbound benchmark does: the runtime children and the engine
 * this run started are stopped after it, on failure (exit 1, with `what failed: reason`) and on
 * SIGINT/SIGTERM (exit 130); children are killed outright if the process exits any other way.
 */
export function runBenchmark(what: string, main: () => Promise<void>, engine: () => Engine | undefined): void {
  const cleanUp = async () => {
    await stopAllChildren();
    await engine()?.stop();
  };
  process.on('exit', killAllChildrenNow);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => void cleanUp().finally(() => process.exit(130)));
  }
  main().then(
    async () => {
      await cleanUp();
      process.exit(process.exitCode ?? 0);
    },
    async (e: unknown) => {
      console.error(`${what} failed: ${e instanceof Error ? e.message : String(e)}`);
      await cleanUp();
      process.exit(1);
    },
  );
}

// ---------------------------------------------------------------------------------------------
// BPMN

/** Deployable models (start event, catch event, service task) and the stock webhook properties: the SDK's testing kit. */
export { catchModel, startModel, stockWebhookProperties as stockWebhook, taskModel } from '@connectorkit/sdk/testing';

// ---------------------------------------------------------------------------------------------
// HTTP on loopback

export interface HttpAnswer {
  /** HTTP status, or 0 when the request failed without an answer (the reason in `error`). */
  status: number;
  ms: number;
  body: string;
  headers: IncomingHttpHeaders;
  error?: string;
  /** The request went out on a kept-alive socket that had served an earlier request. */
  reused?: boolean;
  /** On a reused socket: the `tag` of the request that socket served before. */
  previous?: string;
}

export interface HttpCall {
  /** A label remembered on the socket: a later failure on the same socket names it (`previous`). */
  tag?: string;
  method: string;
  /** Path and query, sent as is. */
  path: string;
  headers?: Record<string, string | string[]>;
  body?: Buffer | string;
}

/** A keep-alive agent for `sockets` connections at most (the concurrency of a load). */
export const keepAliveAgent = (sockets: number) => new Agent({ keepAlive: true, maxSockets: sockets, maxFreeSockets: sockets });

/** One request to 127.0.0.1:`port`; never rejects (a failure is status 0); bounded by `timeoutMs`. */
const lastTag = new WeakMap<object, string>();

export function http(port: number, call: HttpCall, agent: Agent | false, timeoutMs = 30_000): Promise<HttpAnswer> {
  const t0 = performance.now();
  return new Promise((resolvePromise) => {
    let settled = false;
    let previous: string | undefined;
    const done = (a: Omit<HttpAnswer, 'ms'>) => {
      if (settled) return;
      settled = true;
      const reused = req?.reusedSocket ?? false;
      resolvePromise({ ...a, ms: performance.now() - t0, ...(reused ? { reused, ...(previous ? { previous } : {}) } : {}) });
    };
    let req: ReturnType<typeof httpRequest> | undefined;
    try {
      // A body always goes with its length (or the caller's transfer-encoding): Node's client sends
      // the body of a DELETE or OPTIONS without either, which a server reads as the next request.
      const headers = { ...call.headers };
      const named = (h: string) => Object.keys(headers).some((k) => k.toLowerCase() === h);
      if (call.body !== undefined && !named('content-length') && !named('transfer-encoding')) headers['content-length'] = String(Buffer.byteLength(call.body));
      req = httpRequest({ host: '127.0.0.1', port, method: call.method, path: call.path, headers, agent }, (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          if (size < 65_536) chunks.push(c);
          size += c.length;
        });
        res.on('end', () => done({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), headers: res.headers }));
        res.on('error', (e) => done({ status: res.statusCode ?? 0, body: '', headers: res.headers, error: e.message }));
      });
    } catch (e) {
      done({ status: 0, body: '', headers: {}, error: `client refused the request: ${e instanceof Error ? e.message : String(e)}` });
      return;
    }
    const r = req;
    r.on('socket', (socket) => {
      previous = lastTag.get(socket);
      if (call.tag) lastTag.set(socket, call.tag);
    });
    r.setTimeout(timeoutMs, () => r.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    r.on('error', (e) => done({ status: 0, body: '', headers: {}, error: e.message }));
    r.end(call.body);
  });
}

// ---------------------------------------------------------------------------------------------
// Numbers

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length === 0 ? NaN : s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export const fmt = (n: number | undefined, digits = 0) => (n === undefined || Number.isNaN(n) ? 'n/a' : n.toFixed(digits));
export const mb = (bytes: number | undefined) => (bytes === undefined ? 'n/a' : `${(bytes / 1024 / 1024).toFixed(1)} MB`);

/** A table with right-aligned numbers (the first `left` columns left-aligned). */
export function table(rows: string[][], left = 1): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => r.map((c, i) => (i < left ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ')).join('\n');
}

