import { ConnectorError, ConnectorInputError, ConnectorRetryError } from '@connectorkit/sdk';
import { runOutbound, runOutboundJob } from '@connectorkit/sdk/testing';
import { delay, http, HttpResponse, passthrough } from 'msw';
import { describe, expect, it } from 'vitest';
import { closedPort, connector, failure, mockHttp, recordingLogger } from '../test/support.js';
import { createHttpJsonConnector } from './connector.js';

const { server, seen } = mockHttp();
const rest = connector();

describe('failures', () => {
  it('a 404 fails with code "404" and the response in the error variables', async () => {
    server.use(
      http.get('https://api.example.com/v1/items/9', () =>
        HttpResponse.json({ message: 'no such item' }, { status: 404, statusText: 'Not Found', headers: { 'X-Trace': 't-1' } }),
      ),
    );
    const error = await failure(runOutbound(rest, { variables: { url: 'https://api.example.com/v1/items/9' } }));
    expect(error).toBeInstanceOf(ConnectorError);
    expect(error).not.toBeInstanceOf(ConnectorInputError);
    expect(error.code).toBe('404');
    expect(error.message).toBe('Not Found (HTTP 404)');
    expect(error.variables).toEqual({
      response: {
        status: 404,
        headers: expect.objectContaining({ 'X-Trace': 't-1', 'Content-Type': 'application/json' }),
        body: { message: 'no such item' },
      },
    });
  });

  it('a 429 with Retry-After is retried after the wait the server asks for, keeping the code "429"', async () => {
    server.use(
      http.get('https://api.example.com/v1/items', () =>
        HttpResponse.json({ message: 'slow down' }, { status: 429, statusText: 'Too Many Requests', headers: { 'Retry-After': '7' } }),
      ),
    );
    const variables = { url: 'https://api.example.com/v1/items' };
    const error = await failure(runOutbound(rest, { variables }));
    expect(error).toBeInstanceOf(ConnectorRetryError);
    expect(error).toMatchObject({ code: '429', message: 'Too Many Requests (HTTP 429)', backoffMs: 7000 });
    expect(error.variables).toMatchObject({ response: { status: 429, body: { message: 'slow down' } } });

    const outcome = await runOutboundJob(rest, { variables, headers: { retryBackoff: 'PT1S' }, job: { retries: 3 } });
    expect(outcome).toMatchObject({ action: 'fail', kind: 'failed', retries: 2, retryBackoffMs: 7000 });
  });

  it('a 429 without Retry-After stays a plain "429" failure (the task\'s retryBackoff applies)', async () => {
    server.use(http.get('https://api.example.com/v1/items', () => HttpResponse.json({}, { status: 429, statusText: 'Too Many Requests' })));
    const error = await failure(runOutbound(rest, { variables: { url: 'https://api.example.com/v1/items' } }));
    expect(error).not.toBeInstanceOf(ConnectorRetryError);
    expect(error.code).toBe('429');
  });

  it('a 503 with a text body fails with code "503" and the text in the variables', async () => {
    server.use(
      http.post('https://api.example.com/v1/orders', () =>
        HttpResponse.text('maintenance', { status: 503, statusText: 'Service Unavailable' }),
      ),
    );
    const error = await failure(
      runOutbound(rest, { variables: { method: 'POST', url: 'https://api.example.com/v1/orders', body: { a: 1 } } }),
    );
    expect(error.code).toBe('503');
    expect(error.variables).toMatchObject({ response: { status: 503, body: 'maintenance' } });
  });

  it('a slow server fails with TIMEOUT after the read timeout', async () => {
    server.use(
      http.get('https://api.example.com/slow', async () => {
        await delay(2_000);
        return HttpResponse.json({ late: true });
      }),
    );
    const error = await failure(
      runOutbound(rest, { variables: { url: 'https://api.example.com/slow', readTimeoutInSeconds: 0.1 } }),
    );
    expect(error.code).toBe('TIMEOUT');
    expect(error.message).toBe('GET https://api.example.com failed: no response within the read timeout (ETIMEDOUT)');
  });

  it('a port nothing listens on fails with CONNECTION_REFUSED', async () => {
    const port = await closedPort();
    server.use(http.all(`http://127.0.0.1:${port}/*`, () => passthrough()));
    const error = await failure(runOutbound(rest, { variables: { url: `http://127.0.0.1:${port}/health` } }));
    expect(error.code).toBe('CONNECTION_REFUSED');
    expect(error.message).toBe(`GET http://127.0.0.1:${port} failed: the connection was refused (ECONNREFUSED)`);
  });

  it('a host name that does not resolve fails with DNS_ERROR before any request', async () => {
    const error = await failure(runOutbound(rest, { variables: { url: 'https://nowhere.example.org/x' } }));
    expect(error.code).toBe('DNS_ERROR');
    expect(error.message).toBe('Could not resolve host nowhere.example.org (ENOTFOUND)');
    expect(seen).toHaveLength(0);
  });

  it('name resolution slower than the connection timeout fails with CONNECTION_TIMEOUT', async () => {
    const hanging = createHttpJsonConnector({ env: {}, resolver: () => new Promise(() => {}) });
    const error = await failure(
      runOutbound(hanging, { variables: { url: 'https://api.example.com/x', connectionTimeoutInSeconds: 0.05 } }),
    );
    expect(error.code).toBe('CONNECTION_TIMEOUT');
    expect(seen).toHaveLength(0);
  });

  it('a cancelled job fails with CANCELLED', async () => {
    server.use(
      http.get('https://api.example.com/slow', async () => {
        await delay(2_000);
        return HttpResponse.json({});
      }),
    );
    const abort = new AbortController();
    const running = runOutbound(rest, { variables: { url: 'https://api.example.com/slow' }, signal: abort.signal });
    setTimeout(() => abort.abort(), 20);
    expect((await failure(running)).code).toBe('CANCELLED');
  });

  describe('response size limit', () => {
    const small = connector({ maxResponseBytes: 1024 });

    it('refuses a response over the limit with RESPONSE_TOO_LARGE and accepts one under it', async () => {
      server.use(
        http.get('https://api.example.com/big', () => HttpResponse.text('x'.repeat(4096))),
        http.get('https://api.example.com/fits', () => HttpResponse.text('y'.repeat(1000))),
      );
      const error = await failure(runOutbound(small, { variables: { url: 'https://api.example.com/big' } }));
      expect(error.code).toBe('RESPONSE_TOO_LARGE');
      const ok = await runOutbound(small, { variables: { url: 'https://api.example.com/fits' } });
      expect(ok.body).toBe('y'.repeat(1000));
    });

    it('stops reading a huge response instead of buffering it', async () => {
      const chunk = new Uint8Array(16 * 1024).fill(97);
      const total = 4096; // 64 MB, far beyond the limit
      let pulled = 0;
      server.use(
        http.get('https://api.example.com/huge', () => {
          const stream = new ReadableStream<Uint8Array>({
            async pull(controller) {
              await new Promise((resolve) => setImmediate(resolve));
              if (pulled++ < total) controller.enqueue(chunk);
              else controller.close();
            },
          });
          return new HttpResponse(stream, { headers: { 'Content-Type': 'application/octet-stream' } });
        }),
      );
      const error = await failure(runOutbound(small, { variables: { url: 'https://api.example.com/huge' } }));
      expect(error.code).toBe('RESPONSE_TOO_LARGE');
      expect(pulled).toBeLessThan(total);
    });

    it('reads the limit from CONNECTORKIT_HTTP_MAX_RESPONSE_SIZE', async () => {
      const fromEnv = connector({ env: { CONNECTORKIT_HTTP_MAX_RESPONSE_SIZE: '2KB' } });
      server.use(
        http.get('https://api.example.com/3k', () => HttpResponse.text('z'.repeat(3 * 1024))),
        http.get('https://api.example.com/1k', () => HttpResponse.text('z'.repeat(1024))),
      );
      expect((await failure(runOutbound(fromEnv, { variables: { url: 'https://api.example.com/3k' } }))).code).toBe(
        'RESPONSE_TOO_LARGE',
      );
      expect((await runOutbound(fromEnv, { variables: { url: 'https://api.example.com/1k' } })).status).toBe(200);
    });

    it('refuses a request body over the limit without sending it', async () => {
      const error = await failure(
        runOutbound(small, { variables: { method: 'POST', url: 'https://api.example.com/upload', body: 'b'.repeat(2048) } }),
      );
      expect(error.code).toBe('REQUEST_TOO_LARGE');
      expect(seen).toHaveLength(0);
    });
  });

  describe('secrets stay out of errors and logs', () => {
    const TOKEN = 's3cr3t-bearer-token-value';
    const variables = (url: string) => ({
      url,
      readTimeoutInSeconds: 0.1,
      authentication: { type: 'bearer', token: '{{secrets.TOKEN}}' },
    });

    function leaks(error: Error & { variables?: unknown }, lines: string[]): string[] {
      const places = { message: error.message, stack: error.stack ?? '', variables: JSON.stringify(error.variables ?? {}) };
      return [...Object.entries(places), ...lines.map((l, i) => [`log line ${i}`, l] as const)]
        .filter(([, text]) => text.includes(TOKEN) || text.includes(`Bearer ${TOKEN}`))
        .map(([where]) => where);
    }

    it('an API that echoes the Authorization header in a 401 does not put the token into the error', async () => {
      server.use(
        http.get('https://api.example.com/echo', ({ request }) =>
          HttpResponse.json(
            { error: 'unauthorized', received: request.headers.get('authorization') },
            { status: 401, headers: { 'WWW-Authenticate': `Bearer error="invalid_token", token="${TOKEN}"` } },
          ),
        ),
      );
      const log = recordingLogger();
      const error = await failure(
        runOutbound(rest, { variables: variables('https://api.example.com/echo'), secrets: { TOKEN }, log }),
      );
      expect(seen[0]!.headers.get('authorization')).toBe(`Bearer ${TOKEN}`);
      expect(error.code).toBe('401');
      expect(leaks(error, log.lines)).toEqual([]);
      expect(error.variables).toMatchObject({ response: { body: { error: 'unauthorized', received: 'Bearer ***' } } });
      expect(log.lines.length).toBeGreaterThan(0);
    });

    it('nor into timeout or connection errors', async () => {
      server.use(
        http.get('https://api.example.com/slow', async () => {
          await delay(2_000);
          return HttpResponse.json({});
        }),
      );
      const port = await closedPort();
      server.use(http.all(`http://127.0.0.1:${port}/*`, () => passthrough()));
      const log = recordingLogger();
      const timeout = await failure(
        runOutbound(rest, { variables: variables('https://api.example.com/slow'), secrets: { TOKEN }, log }),
      );
      const refused = await failure(
        runOutbound(rest, { variables: variables(`http://127.0.0.1:${port}/x`), secrets: { TOKEN }, log }),
      );
      expect([timeout.code, refused.code]).toEqual(['TIMEOUT', 'CONNECTION_REFUSED']);
      expect([...leaks(timeout, log.lines), ...leaks(refused, [])]).toEqual([]);
    });

    it('an API key in the URL query is not named in error messages', async () => {
      const port = await closedPort();
      server.use(http.all(`http://127.0.0.1:${port}/*`, () => passthrough()));
      const error = await failure(
        runOutbound(rest, {
          variables: {
            url: `http://127.0.0.1:${port}/x?key={{secrets.KEY}}`,
            authentication: { type: 'apiKey', apiKeyLocation: 'query', name: 'api_key', value: '{{secrets.KEY}}' },
          },
          secrets: { KEY: 'query-secret-123' },
        }),
      );
      expect(error.code).toBe('CONNECTION_REFUSED');
      expect(error.message).not.toContain('query-secret-123');
    });
  });
});
