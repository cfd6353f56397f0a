import type { FastifyBaseLogger, FastifyError, FastifyInstance, FastifyRequest, FastifyServerOptions } from 'fastify';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { deferRequire, requireAs, type DeferredLibrary } from '../lazy-require.js';
import type { HealthReport, OutboundConnectorInfo } from './health.js';
import type { RuntimeMetrics } from './metrics.js';

export interface HttpServerOptions {
  /** Interface to listen on. Default `0.0.0.0`. */
  host?: string;
  /** Port; 0 picks a free one. Default 8080. */
  port?: number;
  /** Logger for server errors (request lines of probes and scrapes are logged at warn only). Default: none. */
  logger?: FastifyBaseLogger;
  metrics: RuntimeMetrics;
  /** The readiness report; a throw counts as DOWN. */
  health: () => Promise<HealthReport> | HealthReport;
  outboundConnectors: () => OutboundConnectorInfo[];
  /** Adds more routes (e.g. inbound webhooks) to the same server before it listens. */
  registerRoutes?: (app: FastifyInstance) => void | Promise<void>;
  /**
   * Token of the management endpoints (`CONNECTORKIT_MANAGEMENT_TOKEN`). When set, `/metrics`,
   * `/connectors/*` and `GET /inbound` need `Authorization: Bearer <token>`, and only a request
   * that carries it sees the details of `/health/ready`. Webhooks (`/inbound/<context>`) never
   * need it. Default: none (every endpoint open, as before).
   */
  managementToken?: string;
  /** With a token: whether `/health/live` and `/health/ready` answer without it (their status only). Default true. */
  healthOpen?: boolean;
}

export interface HttpServer {
  /** Base URL to reach the server, e.g. `http://127.0.0.1:8080` (a wildcard host is shown as loopback). */
  url: string;
  port: number;
  /** The interface the server listens on, as configured (`0.0.0.0`: every IPv4 interface). */
  host: string;
  /**
   * Where the server listens, in words, for a start-up line: `http://127.0.0.1:8080` for one
   * interface, `all interfaces (0.0.0.0), port 8080` for a wildcard.
   */
  listening: string;
  app: FastifyInstance;
  close(): Promise<void>;
}

/** The error body of every failed request: no stack trace, and no internal message for a 5xx. */
export interface ErrorBody {
  statusCode: number;
  error: string;
  code?: string;
  message: string;
}

const STATUS_TEXT: Record<number, string> = { 400: 'Bad Request', 404: 'Not Found', 413: 'Payload Too Large', 415: 'Unsupported Media Type' };

/** Probes and scrapes arrive every few seconds: keep their request lines out of the info log. */
const QUIET = { logLevel: 'warn' } as const;

function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}

const isWildcard = (host: string) => host === '0.0.0.0' || host === '::' || host === '';

/** `all interfaces (0.0.0.0), port 8080` or `http://127.0.0.1:8080`: the truth for a start-up line. */
export function describeListening(host: string, port: number): string {
  return isWildcard(host) ? `all interfaces (${host || '0.0.0.0'}), port ${port}` : `http://${urlHost(host)}:${port}`;
}

/** What a request may see of the management endpoints. */
type Access = 'open' | 'authorized' | 'denied';

const digest = (text: string) => createHash('sha256').update(text).digest();

/** Checks `Authorization: Bearer <token>` in constant time. */
function bearerMatches(request: FastifyRequest, expected: Buffer): boolean {
  const header = request.headers.authorization;
  const m = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  return m !== null && timingSafeEqual(digest(m[1]!), expected);
}

/** `/metrics`, `/connectors/...` and `GET /inbound` (the list; `/inbound/<context>` are webhooks). */
function isManagementPath(path: string): boolean {
  return path === '/metrics' || path === '/connectors' || path.startsWith('/connectors/') || path === '/inbound' || path === '/inbound/';
}

const isHealthPath = (path: string) => path === '/health/live' || path === '/health/ready' || path.startsWith('/health/');

/** The readiness report without details: each component's status only. */
function statusOnly(report: HealthReport): { status: HealthReport['status']; components: Record<string, { status: string }> } {
  const components: Record<string, { status: string }> = {};
  for (const [name, c] of Object.entries(report.components)) components[name] = { status: c.status };
  return { status: report.status, components };
}

/**
 * A request Node's HTTP parser refused (headers too large, malformed): answer and close the
 * connection, saying so (`Connection: close`), so a keep-alive client does not send its next
 * request into a socket that is about to go away (fastify's default answer leaves that header out).
 */
function clientErrorHandler(err: NodeJS.ErrnoException, socket: import('node:net').Socket): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const [status, text] = err.code === 'HPE_HEADER_OVERFLOW' ? [431, 'Request Header Fields Too Large'] : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? [408, 'Request Timeout'] : [400, 'Bad Request'];
  const body = JSON.stringify({ statusCode: status, error: text, message: 'the request could not be read' });
  socket.end(`HTTP/1.1 ${status} ${text}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
}

type CompilersFactory = NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']>;
type CompilerFactory = (...args: unknown[]) => unknown;

/**
 * Fastify's schema compilers (ajv and fast-json-stringify: about 450 modules, 20-40 ms and several
 * MB at start-up) are loaded when a route with a schema is first compiled. The runtime's own
 * routes have none, so they are normally never loaded; a route added through `registerRoutes`
 * with a schema still gets fastify's defaults, loaded from fastify's own dependencies.
 */
function lazyCompilers(): CompilersFactory {
  const fromFastify = requireAs('fastify');
  let validator: CompilerFactory | undefined;
  let serializer: CompilerFactory | undefined;
  const buildValidator: CompilerFactory = (...args) => (validator ??= (fromFastify('@fastify/ajv-compiler') as () => CompilerFactory)())(...args);
  const buildSerializer: CompilerFactory = (...args) =>
    (serializer ??= (fromFastify('@fastify/fast-json-stringify-compiler') as () => CompilerFactory)())(...args);
  return { buildValidator, buildSerializer } as unknown as CompilersFactory;
}

/**
 * What fastify requires when it loads but the runtime's routes never use: `semver`, which checks
 * the fastify version range a plugin declares (the runtime registers none; a route added through
 * `registerRoutes` that does loads it then). Deferred for start-up (issue #15).
 */
export const FASTIFY_DEFERRED: readonly DeferredLibrary[] = [{ requiredBy: 'fastify/package.json', library: 'semver', esModule: false }];

/** Fastify itself, loaded with the HTTP server (its `semver` deferred). */
async function loadFastify(): Promise<typeof import('fastify').default> {
  for (const d of FASTIFY_DEFERRED) deferRequire(d);
  return (await import('fastify')).default;
}

/** Builds the fastify app with the runtime's routes, without listening. */
export async function buildHttpApp(options: Omit<HttpServerOptions, 'host' | 'port'>): Promise<FastifyInstance> {
  const Fastify = await loadFastify();
  const base = { clientErrorHandler, schemaController: { compilersFactory: lazyCompilers() } } as const;
  const app = (
    options.logger ? Fastify({ ...base, loggerInstance: options.logger }) : Fastify({ ...base, logger: false })
  ) as unknown as FastifyInstance;

  const token = options.managementToken !== undefined && options.managementToken !== '' ? digest(options.managementToken) : undefined;
  const healthOpen = options.healthOpen ?? true;
  const access = new WeakMap<FastifyRequest, Access>();
  if (token) {
    app.addHook('onRequest', async (request, reply) => {
      // The route the request matched (its pattern), not the raw path: `/%6detrics` is `/metrics`.
      const path = request.routeOptions.url ?? request.url.split('?')[0]!;
      const management = isManagementPath(path) && (path.startsWith('/inbound') ? request.method === 'GET' || request.method === 'HEAD' : true);
      const health = isHealthPath(path);
      if (!management && !health) return; // webhooks and unknown routes: their own rules
      if (bearerMatches(request, token)) {
        access.set(request, 'authorized');
        return;
      }
      if (health && healthOpen) {
        access.set(request, 'open');
        return;
      }
      const body: ErrorBody = {
        statusCode: 401,
        error: 'Unauthorized',
        code: 'UNAUTHORIZED',
        message: 'This endpoint needs Authorization: Bearer <CONNECTORKIT_MANAGEMENT_TOKEN>',
      };
      return reply.code(401).header('www-authenticate', 'Bearer realm="connectors"').send(body);
    });
  }
  /** Without a token every request sees everything (as before); with one, only an authorized request sees details. */
  const seesDetails = (request: FastifyRequest) => !token || access.get(request) === 'authorized';

  app.setErrorHandler((err: FastifyError, request, reply) => {
    const statusCode = err.statusCode !== undefined && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
    if (statusCode >= 500) request.log.error({ err }, 'request failed');
    const body: ErrorBody =
      statusCode >= 500
        ? { statusCode, error: 'Internal Server Error', message: 'Internal Server Error' }
        : { statusCode, error: STATUS_TEXT[statusCode] ?? 'Client Error', ...(err.code ? { code: err.code } : {}), message: err.message };
    return reply.code(statusCode).send(body);
  });

  app.setNotFoundHandler((request, reply) => {
    const body: ErrorBody = {
      statusCode: 404,
      error: 'Not Found',
      code: 'NOT_FOUND',
      message: `Route ${request.method} ${request.url.split('?')[0]} not found`,
    };
    return reply.code(404).send(body);
  });

  app.get('/health/live', QUIET, async () => ({ status: 'UP' }));

  app.get('/health/ready', QUIET, async (request, reply) => {
    let report: HealthReport;
    try {
      report = await options.health();
    } catch (err) {
      request.log.error({ err }, 'health check failed');
      return reply.code(503).send({ status: 'DOWN', error: 'health check failed' });
    }
    return reply.code(report.status === 'UP' ? 200 : 503).send(seesDetails(request) ? report : statusOnly(report));
  });

  app.get('/metrics', QUIET, async (_request, reply) => {
    const text = await options.metrics.metrics();
    return reply.type(options.metrics.contentType).send(text);
  });

  app.get('/connectors/outbound', async () => options.outboundConnectors());

  app.get<{ Params: { type: string } }>('/connectors/outbound/:type', async (request, reply) => {
    const found = options.outboundConnectors().find((c) => c.type === request.params.type);
    if (found) return found;
    const body: ErrorBody = {
      statusCode: 404,
      error: 'Not Found',
      code: 'CONNECTOR_NOT_FOUND',
      message: `No outbound connector for job type '${request.params.type}'`,
    };
    return reply.code(404).send(body);
  });

  if (options.registerRoutes) await options.registerRoutes(app);
  return app;
}

/**
 * Starts the runtime's HTTP server: `GET /health/live`, `/health/ready`, `/metrics`,
 * `/connectors/outbound[/:type]`, plus whatever `registerRoutes` adds.
 */
export async function startHttpServer(options: HttpServerOptions): Promise<HttpServer> {
  const host = options.host ?? '0.0.0.0';
  const app = await buildHttpApp(options);
  try {
    await app.listen({ host, port: options.port ?? 8080 });
  } catch (err) {
    await app.close();
    throw err;
  }
  const { port } = app.server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${urlHost(host)}:${port}`,
    port,
    host,
    listening: describeListening(host, port),
    app,
    close: () => (closing ??= app.close()),
  };
}
