/** The memory budget of all responses in flight together, against a real local server (no msw). */
import http from 'node:http';
import { runOutbound } from '@connectorkit/sdk/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpJsonConnector } from './connector.js';
import { failure } from '../test/support.js';

describe('the memory budget of all responses in flight', () => {
  let big: http.Server;
  let url: string;
  const MB = 1024 * 1024;
  const CHUNK = Buffer.alloc(256 * 1024, 97);
  /**
   * Each response is 3 MB, sent in chunks. Until `holdTailUntil`, or until the client gives one up
   * (a response that closes before its end), the server keeps the last 0.5 MB of every response:
   * no response can finish before the client holds 2.5 MB of each, so whatever the machine's load
   * the responses overlap and four of them exceed an 8 MB budget.
   * (Paced by timers alone, on a busy CI machine they could arrive one after the other.)
   */
  let holdTailUntil = 0;
  const open = new Set<{ res: http.ServerResponse; sent: number }>();
  let pumping = false;
  const pump = () => {
    if (pumping) return;
    pumping = true;
    const tick = () => {
      for (const r of open) {
        if (r.sent >= 3 * MB) {
          open.delete(r);
          r.res.end();
        } else if (Date.now() > holdTailUntil || r.sent < 3 * MB - 2 * CHUNK.length) {
          r.res.write(CHUNK);
          r.sent += CHUNK.length;
        }
      }
      if (open.size > 0) setTimeout(tick, 5);
      else pumping = false;
    };
    tick();
  };

  beforeAll(async () => {
    big = http.createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/octet-stream' });
      const r = { res, sent: 0 };
      open.add(r);
      res.on('close', () => {
        open.delete(r);
        if (r.sent < 3 * MB) holdTailUntil = 0; // the client gave one up: let the others finish
      });
      pump();
    });
    await new Promise<void>((resolve) => big.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(big.address() as { port: number }).port}/big`;
  });
  afterAll(async () => {
    big.closeAllConnections();
    await new Promise<void>((resolve) => big.close(() => resolve()));
  });

  it('fails the job that would exceed it with RESPONSE_MEMORY_EXCEEDED, the others complete, and the budget is given back', async () => {
    // Each response is under the per-response limit (10 MB); four together exceed the 8 MB budget.
    const rest = createHttpJsonConnector({ env: {}, maxResponseBytes: 10 * MB, maxResponseMemoryBytes: 8 * MB });
    holdTailUntil = Date.now() + 3000;
    const runs = await Promise.allSettled(
      [1, 2, 3, 4].map(() => runOutbound(rest, { variables: { url, documentReturnFormat: { choice: 'TEXT' } } })),
    );
    const failed = runs.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason as { code?: string; message: string });
    expect(failed.length).toBeGreaterThanOrEqual(1);
    expect(failed.every((e) => e.code === 'RESPONSE_MEMORY_EXCEEDED')).toBe(true);
    expect(failed[0]!.message).toContain('memory budget of 8 MB (CONNECTORKIT_HTTP_MAX_RESPONSE_MEMORY)');
    expect(runs.filter((r) => r.status === 'fulfilled')).not.toHaveLength(0);
    // Given back: one at a time, all fit again.
    holdTailUntil = 0;
    for (let i = 0; i < 3; i++) {
      const one = await runOutbound(rest, { variables: { url, documentReturnFormat: { choice: 'TEXT' } } });
      expect((one.body as string).length).toBe(3 * MB);
    }
  });

  it('reads the budget from CONNECTORKIT_HTTP_MAX_RESPONSE_MEMORY', async () => {
    const rest = createHttpJsonConnector({ env: { CONNECTORKIT_HTTP_MAX_RESPONSE_MEMORY: '1MB' } });
    const error = await failure(runOutbound(rest, { variables: { url } }));
    expect(error.code).toBe('RESPONSE_MEMORY_EXCEEDED');
    expect(() => createHttpJsonConnector({ env: { CONNECTORKIT_HTTP_MAX_RESPONSE_MEMORY: 'lots' } })).toThrow(
      'CONNECTORKIT_HTTP_MAX_RESPONSE_MEMORY must be a size',
    );
  });
});

