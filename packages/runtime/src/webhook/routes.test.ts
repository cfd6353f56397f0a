import type { WebhookRequest, WebhookResponse } from '@connectorkit/sdk';
import { request, type IncomingHttpHeaders } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { buildHttpApp } from '../observability/server.js';
import { RuntimeMetrics } from '../observability/metrics.js';
import { registerWebhookRoutes } from './routes.js';
import { WebhookRouter } from './router.js';

const apps: { close(): Promise<unknown> }[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((a) => a.close()));
});

async function appWith(handle: (r: WebhookRequest) => WebhookResponse | Promise<WebhookResponse>, bodyLimit = 1024) {
  const router = new WebhookRouter();
  const seen: WebhookRequest[] = [];
  router.claim('orders', {
    id: 'x',
    describe: () => 'test',
    handle: async (r) => {
      seen.push(r);
      return handle(r);
    },
  });
  const app = await buildHttpApp({
    metrics: new RuntimeMetrics({ defaultMetrics: false }),
    health: () => ({ status: 'UP', components: { engine: { status: 'UP' }, workers: { status: 'UP', details: {} } } }),
    outboundConnectors: () => [],
    registerRoutes: (a) => registerWebhookRoutes(a, { router, bodyLimit }),
  });
  apps.push(app);
  return { app, seen };
}

describe('webhook routes', () => {
  it('hands the connector parsed JSON, the raw bytes, and every value of repeated headers and query parameters', async () => {
    const { app, seen } = await appWith(() => ({ status: 201, headers: { 'x-id': '7' }, body: { ok: true } }));
    const payload = '{ "a": 1,  "b": [2] }';
    // A real socket: an injected request would join the repeated header before the server sees it.
    await app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = app.server.address() as AddressInfo;
    const res = await new Promise<{ status: number; headers: IncomingHttpHeaders; body: string }>((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port, method: 'POST', path: '/inbound/orders?tag=x&tag=y&one=1', headers: { 'content-type': 'application/json; charset=utf-8', 'x-multi': ['p', 'q'] } },
        (r) => {
          let body = '';
          r.on('data', (c: Buffer) => (body += c.toString()));
          r.on('end', () => resolve({ status: r.statusCode!, headers: r.headers, body }));
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
    expect(res.status).toBe(201);
    expect(res.headers['x-id']).toBe('7');
    expect(JSON.parse(res.body)).toEqual({ ok: true });
    const r = seen[0]!;
    expect(r).toMatchObject({ method: 'POST', context: 'orders', body: { a: 1, b: [2] }, query: { tag: ['x', 'y'], one: '1' } });
    expect(r.headers['x-multi']).toEqual(['p', 'q']);
    expect(Buffer.from(r.rawBody).toString()).toBe(payload);
  });

  it('parses forms into fields and passes text and unknown types through', async () => {
    const { app, seen } = await appWith(() => ({ status: 200 }));
    await app.inject({ method: 'POST', url: '/inbound/orders', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'a=1&a=2&b=x%20y' });
    await app.inject({ method: 'PUT', url: '/inbound/orders', headers: { 'content-type': 'text/plain' }, payload: 'hello' });
    await app.inject({ method: 'POST', url: '/inbound/orders', headers: { 'content-type': 'application/octet-stream' }, payload: Buffer.from([0xff, 0xfe, 0x00]) });
    expect(seen.map((r) => r.body)).toEqual([{ a: ['1', '2'], b: 'x y' }, 'hello', undefined]);
    expect([...seen[2]!.rawBody]).toEqual([0xff, 0xfe, 0x00]);
  });

  it("answers a caller's mistakes with 4xx: unknown context 404, malformed JSON 400, too large 413, other methods 405", async () => {
    const { app, seen } = await appWith(() => ({ status: 200 }), 1024);
    expect((await app.inject({ method: 'POST', url: '/inbound/nobody', payload: {} })).statusCode).toBe(404);
    const bad = await app.inject({ method: 'POST', url: '/inbound/orders', headers: { 'content-type': 'application/json' }, payload: '{"a":' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toMatch(/not valid JSON/);
    const big = await app.inject({ method: 'POST', url: '/inbound/orders', headers: { 'content-type': 'text/plain' }, payload: 'x'.repeat(1025) });
    expect(big.statusCode).toBe(413);
    const deep = await app.inject({ method: 'POST', url: '/inbound/orders', headers: { 'content-type': 'application/json' }, payload: '['.repeat(300) + ']'.repeat(300) });
    expect(deep.statusCode).toBe(400);
    expect(deep.json().message).toMatch(/more than 256 levels deep/);
    const patch = await app.inject({ method: 'PATCH', url: '/inbound/orders', payload: 'x' });
    expect(patch.statusCode).toBe(405);
    expect(seen).toHaveLength(0);
  });

  it('sends text and bytes as they are', async () => {
    const { app } = await appWith((r) => (r.method === 'GET' ? { status: 200, headers: { 'content-type': 'text/plain' }, body: 'challenge-123' } : { status: 202 }));
    const get = await app.inject({ method: 'GET', url: '/inbound/orders' });
    expect(get.body).toBe('challenge-123');
    const del = await app.inject({ method: 'DELETE', url: '/inbound/orders' });
    expect(del.statusCode).toBe(202);
    expect(del.body).toBe('');
  });
});

describe('requests the HTTP parser refuses', () => {
  it('answers 431 for headers over the limit and closes the connection, saying so', async () => {
    const { app } = await appWith(() => ({ status: 200 }));
    await app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = app.server.address() as AddressInfo;
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.write(`POST /inbound/orders HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\nContent-Length: 0\r\n\r\n`);
      });
      let data = '';
      socket.on('data', (c: Buffer) => (data += c.toString()));
      socket.on('close', () => resolve(data));
      socket.on('error', reject);
    });
    expect(raw).toMatch(/^HTTP\/1\.1 431 /);
    expect(raw.toLowerCase()).toContain('connection: close');
  });
});
