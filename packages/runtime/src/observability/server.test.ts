import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { HealthReport, OutboundConnectorInfo } from './health.js';
import { RuntimeMetrics } from './metrics.js';
import { buildHttpApp, startHttpServer, type HttpServer } from './server.js';
import { createLogger } from './logger.js';

const UP: HealthReport = {
  status: 'UP',
  components: {
    engine: { status: 'UP', details: { gateway: '8.9.0' } },
    workers: { status: 'UP', details: { 'io.camunda:http-json:1': { status: 'UP', lastActivityAt: '2025-01-01T00:00:00.000Z' } } },
  },
};
const DOWN: HealthReport = {
  status: 'DOWN',
  components: {
    engine: { status: 'DOWN', details: { error: 'UNAVAILABLE: connection refused' } },
    workers: { status: 'DOWN', details: { 'io.camunda:http-json:1': { status: 'DOWN', error: 'polling stopped' } } },
  },
};
const CONNECTORS: OutboundConnectorInfo[] = [
  { id: 'http-json', name: 'REST', version: 1, type: 'io.camunda:http-json:1', package: '@connectorkit/connector-http-json', status: 'UP' },
  { id: 'slack', name: 'Slack', version: 2, type: 'custom:slack', status: 'DISABLED' },
];

function options(over: Partial<Parameters<typeof buildHttpApp>[0]> = {}) {
  return {
    metrics: new RuntimeMetrics({ defaultMetrics: false }),
    health: () => UP,
    outboundConnectors: () => CONNECTORS,
    ...over,
  };
}

describe('runtime HTTP routes', () => {
  let app: FastifyInstance | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('GET /health/live answers 200 UP', async () => {
    app = await buildHttpApp(options({ health: () => DOWN }));
    const res = await app.inject({ method: 'GET', url: '/health/live' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'UP' });
  });

  it('GET /health/ready flips from 503 to 200 with the report as body', async () => {
    let report = DOWN;
    app = await buildHttpApp(options({ health: async () => report }));
    const down = await app.inject({ method: 'GET', url: '/health/ready' });
    expect(down.statusCode).toBe(503);
    expect(down.json()).toEqual(DOWN);
    report = UP;
    const up = await app.inject({ method: 'GET', url: '/health/ready' });
    expect(up.statusCode).toBe(200);
    expect(up.json()).toEqual(UP);
  });

  it('GET /health/ready answers 503 DOWN, without the error, when the health function throws', async () => {
    app = await buildHttpApp(options({ health: () => { throw new Error('boom at /secret/place'); } }));
    const res = await app.inject({ method: 'GET', url: '/health/ready' });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({ status: 'DOWN' });
    expect(res.body).not.toContain('boom');
  });

  it('GET /metrics serves the Prometheus text with the job counters', async () => {
    const metrics = new RuntimeMetrics({ defaultMetrics: false });
    metrics.jobActivated('io.camunda:http-json:1');
    metrics.jobCompleted('io.camunda:http-json:1', 0.05);
    app = await buildHttpApp(options({ metrics }));
    const res = await app.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(res.body).toContain('connectors_jobs_activated_total{type="io.camunda:http-json:1"} 1');
    expect(res.body).toContain('connectors_jobs_completed_total{type="io.camunda:http-json:1"} 1');
  });

  it('GET /connectors/outbound lists the connectors; /:type finds one or answers 404', async () => {
    app = await buildHttpApp(options());
    const list = await app.inject({ method: 'GET', url: '/connectors/outbound' });
    expect(list.statusCode).toBe(200);
    expect(list.json()).toEqual(CONNECTORS);
    const one = await app.inject({ method: 'GET', url: '/connectors/outbound/io.camunda:http-json:1' });
    expect(one.json()).toEqual(CONNECTORS[0]);
    const none = await app.inject({ method: 'GET', url: '/connectors/outbound/unknown:type' });
    expect(none.statusCode).toBe(404);
    expect(none.json()).toMatchObject({ code: 'CONNECTOR_NOT_FOUND' });
  });

  it('answers an unknown route with 404 JSON', async () => {
    app = await buildHttpApp(options());
    const res = await app.inject({ method: 'GET', url: '/nope?x=1' });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.json()).toEqual({ statusCode: 404, error: 'Not Found', code: 'NOT_FOUND', message: 'Route GET /nope not found' });
  });

  it('answers a failing route with a bare 500: no message, no stack; the log gets the details', async () => {
    const lines: string[] = [];
    const logger = createLogger({ destination: { write: (l: string) => void lines.push(l) } });
    app = await buildHttpApp(
      options({
        logger,
        registerRoutes: (a) => {
          a.get('/inbound/fail', async () => {
            throw new Error('db password rejected');
          });
          a.post('/inbound/echo', async (req) => req.body);
        },
      }),
    );
    const res = await app.inject({ method: 'GET', url: '/inbound/fail' });
    expect(res.statusCode).toBe(500);
    expect(res.json()).toEqual({ statusCode: 500, error: 'Internal Server Error', message: 'Internal Server Error' });
    expect(res.body).not.toContain('password');
    expect(res.body).not.toContain('server.test');
    expect(lines.join('')).toContain('db password rejected');

    const bad = await app.inject({ method: 'POST', url: '/inbound/echo', headers: { 'content-type': 'application/json' }, payload: '{"a":' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    expect(bad.json()).not.toHaveProperty('stack');
  });

  it('validates and serializes a route added with a schema (fastify\'s compilers, loaded when first needed)', async () => {
    app = await buildHttpApp(
      options({
        registerRoutes: (a) => {
          a.post(
            '/inbound/typed',
            {
              schema: {
                body: { type: 'object', required: ['id'], properties: { id: { type: 'integer' } } },
                response: { 200: { type: 'object', properties: { id: { type: 'integer' } } } },
              },
            },
            async (req) => ({ ...(req.body as object), secret: 'not in the schema' }),
          );
        },
      }),
    );
    const bad = await app.inject({ method: 'POST', url: '/inbound/typed', payload: { id: 'x' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toContain('body/id must be integer');
    const ok = await app.inject({ method: 'POST', url: '/inbound/typed', payload: { id: 7 } });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ id: 7 });
  });

  it("checks the fastify version range a plugin declares (fastify's semver, loaded when first needed)", async () => {
    const plugin = (range: string) => {
      const p = async (scope: FastifyInstance) => {
        scope.get(`/inbound/plugin`, async () => ({ range }));
      };
      return Object.assign(p, { [Symbol.for('plugin-meta')]: { name: `needs ${range}`, fastify: range } });
    };
    const registering = (range: string) => options({ registerRoutes: async (a) => void (await a.register(plugin(range))) });
    app = await buildHttpApp(registering('>=4'));
    expect((await app.inject({ method: 'GET', url: '/inbound/plugin' })).json()).toEqual({ range: '>=4' });
    await app.close();
    app = undefined;
    await expect(buildHttpApp(registering('1.x'))).rejects.toMatchObject({ code: 'FST_ERR_PLUGIN_VERSION_MISMATCH' });
  });
});

describe('startHttpServer', () => {
  let server: HttpServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('listens on a free port when given port 0, serves over real HTTP and closes', async () => {
    server = await startHttpServer({ ...options(), host: '127.0.0.1', port: 0 });
    expect(server.port).toBeGreaterThan(0);
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
    const res = await fetch(`${server.url}/health/ready`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(UP);
    await server.close();
    await server.close();
    await expect(fetch(`${server.url}/health/live`)).rejects.toThrow();
    server = undefined;
  });

  it('shows a wildcard host as loopback in the url', async () => {
    server = await startHttpServer({ ...options(), port: 0 });
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
    expect((await fetch(`${server.url}/health/live`)).status).toBe(200);
  });

  it('fails to start when the port is taken', async () => {
    server = await startHttpServer({ ...options(), host: '127.0.0.1', port: 0 });
    await expect(startHttpServer({ ...options(), host: '127.0.0.1', port: server.port })).rejects.toMatchObject({ code: 'EADDRINUSE' });
  });
});

describe('management token', () => {
  const TOKEN = 'mgmt-token-0123456789';
  const auth = { authorization: `Bearer ${TOKEN}` };
  let app: FastifyInstance | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  async function withRoutes(over: Partial<Parameters<typeof buildHttpApp>[0]> = {}) {
    return buildHttpApp(
      options({
        health: () => DOWN,
        managementToken: TOKEN,
        registerRoutes: (a) => {
          a.get('/inbound', async () => [{ id: 'x' }]);
          a.route({ method: ['GET', 'POST'], url: '/inbound/:context', handler: async () => ({ webhook: true }) });
        },
        ...over,
      }),
    );
  }

  it.each(['/metrics', '/connectors/outbound', '/connectors/outbound/io.camunda:http-json:1', '/inbound', '/inbound?type=x', '/%6detrics'])(
    'GET %s needs the bearer token',
    async (url) => {
      app = await withRoutes();
      const denied = await app.inject({ method: 'GET', url });
      expect(denied.statusCode).toBe(401);
      expect(denied.headers['www-authenticate']).toMatch(/^Bearer/);
      expect(denied.body).not.toContain('http-json');
      expect((await app.inject({ method: 'GET', url, headers: { authorization: 'Bearer wrong' } })).statusCode).toBe(401);
      expect((await app.inject({ method: 'GET', url, headers: auth })).statusCode).toBe(200);
    },
  );

  it('never asks a webhook for it', async () => {
    app = await withRoutes();
    expect((await app.inject({ method: 'POST', url: '/inbound/orders', payload: {} })).json()).toEqual({ webhook: true });
    expect((await app.inject({ method: 'GET', url: '/inbound/orders' })).statusCode).toBe(200);
  });

  it('keeps health probes open, with statuses only unless the token comes along', async () => {
    app = await withRoutes();
    const open = await app.inject({ method: 'GET', url: '/health/ready' });
    expect(open.statusCode).toBe(503);
    expect(open.json()).toEqual({ status: 'DOWN', components: { engine: { status: 'DOWN' }, workers: { status: 'DOWN' } } });
    expect(open.body).not.toContain('connection refused');
    expect((await app.inject({ method: 'GET', url: '/health/live' })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/health/ready', headers: auth })).json()).toEqual(DOWN);
  });

  it('closes health probes too when told so', async () => {
    app = await withRoutes({ healthOpen: false });
    expect((await app.inject({ method: 'GET', url: '/health/ready' })).statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: '/health/live' })).statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: '/health/live', headers: auth })).statusCode).toBe(200);
  });

  it('without a token, everything stays open with details, as before', async () => {
    app = await withRoutes({ managementToken: undefined });
    expect((await app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/health/ready' })).json()).toEqual(DOWN);
  });
});

describe('where the server listens, in words', () => {
  it('says all interfaces for a wildcard, the URL otherwise', async () => {
    const { describeListening } = await import('./server.js');
    expect(describeListening('0.0.0.0', 8080)).toBe('all interfaces (0.0.0.0), port 8080');
    expect(describeListening('::', 8080)).toBe('all interfaces (::), port 8080');
    expect(describeListening('127.0.0.1', 8080)).toBe('http://127.0.0.1:8080');
  });
});
