/** Test support: a mocked third-party HTTP world (msw) and a fake DNS, so the real axios runs. */
import { createServer } from 'node:net';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { ConnectorLogger } from '@connectorkit/sdk';
import { createHttpJsonConnector, type HttpJsonConnectorOptions } from '../src/connector.js';
import type { Resolver } from '../src/resolver.js';

/** An msw server for one test file; every request it saw is recorded (`seen`). */
export function mockHttp() {
  const server = setupServer();
  const seen: Request[] = [];
  server.events.on('request:start', ({ request }) => void seen.push(request.clone()));
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => {
    server.resetHandlers();
    seen.length = 0;
  });
  afterAll(() => server.close());
  return { server, seen };
}

/** A resolver that knows only the given names (name -> addresses); anything else is ENOTFOUND. */
export function fakeDns(records: Record<string, string | string[]>): Resolver & { calls: string[] } {
  const calls: string[] = [];
  const resolver = async (hostname: string) => {
    calls.push(hostname);
    const answer = records[hostname];
    if (answer === undefined) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return (Array.isArray(answer) ? answer : [answer]).map((address) => ({
      address,
      family: address.includes(':') ? (6 as const) : (4 as const),
    }));
  };
  return Object.assign(resolver, { calls });
}

/** Public-looking addresses (TEST-NET-3) for the host names the tests use. */
export const PUBLIC_DNS = {
  'api.example.com': '203.0.113.10',
  'auth.example.com': '203.0.113.11',
  'cdn.example.net': '203.0.113.12',
};

/** A connector wired to the fake DNS (plus any options). */
export function connector(options: HttpJsonConnectorOptions = {}) {
  return createHttpJsonConnector({ env: {}, resolver: fakeDns(PUBLIC_DNS), ...options });
}

/** A port on 127.0.0.1 where nothing listens. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** The error a promise rejects with (fails the test when it resolves). */
export async function failure(promise: Promise<unknown>): Promise<Error & { code?: string; variables?: Record<string, unknown> }> {
  try {
    await promise;
  } catch (e) {
    return e as Error & { code?: string };
  }
  throw new Error('expected the execution to fail, but it succeeded');
}

/** A logger that keeps every line, to check what would be printed. */
export function recordingLogger(): ConnectorLogger & { lines: string[] } {
  const lines: string[] = [];
  const write = (obj: object | string, msg?: string) => void lines.push(JSON.stringify([obj, msg]));
  return { lines, debug: write, info: write, warn: write, error: write };
}
