/**
 * Differences from Camunda's REST connector that a stock model can see, against a real local server
 * (names of headers as sent on the wire, raw request targets, timeouts).
 */
import http from 'node:http';
import net from 'node:net';
import { runOutbound } from '@connectorkit/sdk/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connector, failure } from '../test/support.js';

let server: http.Server;
let base: string;
const targets: string[] = [];
const rest = connector();

beforeAll(async () => {
  server = http.createServer((req, res) => {
    targets.push(req.url ?? '');
    if (req.url === '/headers') {
      // Names in the case a server sends them, one repeated, one Set-Cookie.
      res.writeHead(200, 'All Good', [
        ['Content-Type', 'application/json'],
        ['X-RateLimit-Remaining', '41'],
        ['Via', 'a'],
        ['Via', 'b'],
        ['Set-Cookie', 'session=1; HttpOnly'],
        ['Date', 'Mon, 30 Nov 2026 10:00:00 GMT'],
      ]);
      res.end('{"ok":true}');
      return;
    }
    if (req.url === '/slow') {
      setTimeout(() => res.writeHead(200).end('late'), 600);
      return;
    }
    res.writeHead(200, { 'Content-Type': 'text/plain' }).end(req.url);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('the result, as Camunda returns it', () => {
  it('keeps header names as sent: response.headers["Content-Type"] and response.headers.Date work', async () => {
    const result = await runOutbound(rest, { variables: { url: `${base}/headers` } });
    expect(result.headers['Content-Type']).toBe('application/json');
    expect(result.headers.Date).toBe('Mon, 30 Nov 2026 10:00:00 GMT');
    expect(result.headers['X-RateLimit-Remaining']).toBe('41');
    expect(result.headers['content-type']).toBeUndefined();
  });

  it('lists a repeated header, and Set-Cookie always (also when sent once)', async () => {
    const result = await runOutbound(rest, { variables: { url: `${base}/headers` } });
    expect(result.headers.Via).toEqual(['a', 'b']);
    expect(result.headers['Set-Cookie']).toEqual(['session=1; HttpOnly']);
  });

  it('has the reason phrase as sent and a null document', async () => {
    const result = await runOutbound(rest, { variables: { url: `${base}/headers` } });
    expect(result).toMatchObject({ status: 200, reason: 'All Good', document: null, body: { ok: true } });
  });
});

describe('skipEncoding', () => {
  const raw = "/v1/search/a%2Fb/./x/../{id}?q=\"it's\"&filter=a|b";

  it('sends the URL exactly as given when set', async () => {
    targets.length = 0;
    await runOutbound(rest, { variables: { url: `${base}${raw}`, skipEncoding: 'true', queryParameters: { page: 2 } } });
    expect(targets).toEqual([`${raw}&page=2`]);
  });

  it('normalises it otherwise', async () => {
    targets.length = 0;
    await runOutbound(rest, { variables: { url: `${base}${raw}` } });
    expect(targets[0]).not.toBe(raw);
    expect(targets[0]).toContain('/v1/search/a%2Fb/%7Bid%7D');
  });
});

describe('timeouts', () => {
  it('an absent readTimeoutInSeconds falls back to the connection timeout, as Camunda does', async () => {
    const started = Date.now();
    // Models from stock templates before v7 have no read timeout: 0.2 s here, not 20 s.
    const error = await failure(
      runOutbound(rest, { variables: { url: `${base}/slow`, connectionTimeoutInSeconds: 0.2, readTimeoutInSeconds: undefined } }),
    );
    expect(error.code).toBe('TIMEOUT');
    expect(Date.now() - started).toBeLessThan(3_000);
    const ok = await runOutbound(rest, { variables: { url: `${base}/slow`, connectionTimeoutInSeconds: 5 } });
    expect(ok.body).toBe('late');
  });

  it('writeTimeoutInSeconds: a server that stops reading the body fails the request with TIMEOUT', async () => {
    const sockets: net.Socket[] = [];
    const deaf = net.createServer((socket) => {
      sockets.push(socket);
      socket.pause(); // never reads: the request body backs up
    });
    await new Promise<void>((resolve) => deaf.listen(0, '127.0.0.1', resolve));
    const port = (deaf.address() as { port: number }).port;
    try {
      const started = Date.now();
      const error = await failure(
        runOutbound(rest, {
          variables: {
            method: 'POST',
            url: `http://127.0.0.1:${port}/upload`,
            body: 'x'.repeat(8 * 1024 * 1024),
            readTimeoutInSeconds: 0,
            writeTimeoutInSeconds: '0.3',
          },
        }),
      );
      expect(error.code).toBe('TIMEOUT');
      expect(error.message).toBe(`POST http://127.0.0.1:${port} failed: the request body was not sent within the write timeout`);
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => deaf.close(() => resolve()));
    }
  });
});
