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

  beforeAll(async () => {
    big = http.createServer((req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/octet-stream' });
      // 3 MB in chunks, slowly enough that concurrent requests overlap.
      let sent = 0;
      const tick = () => {
        if (sent >= 3 * MB) return res.end();
        res.write(Buffer.alloc(256 * 1024, 97));
        sent += 256 * 1024;
        setTimeout(tick, 5);
      };
      tick();
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
    const runs = await Promise.allSettled(
      [1, 2, 3, 4].map(() => runOutbound(rest, { variables: { url, documentReturnFormat: { choice: 'TEXT' } } })),
    );
    const failed = runs.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason as { code?: string; message: string });
    expect(failed.length).toBeGreaterThanOrEqual(1);
    expect(failed.every((e) => e.code === 'RESPONSE_MEMORY_EXCEEDED')).toBe(true);
    expect(failed[0]!.message).toContain('memory budget of 8 MB (CONNECTORKIT_HTTP_MAX_RESPONSE_MEMORY)');
    expect(runs.filter((r) => r.status === 'fulfilled')).not.toHaveLength(0);
    // Given back: one at a time, all fit again.
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

