import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { AgentPool, CONNECT_TIMEOUT } from './agents.js';
import { toConnectorError } from './transport-errors.js';

const pool = new AgentPool();
afterEach(() => pool.destroy());

/** Starts a request whose connection never completes (its name lookup never answers). */
function stalledRequest(agent: http.Agent): Promise<NodeJS.ErrnoException> {
  return new Promise((resolve) => {
    const req = http.get({ host: 'stalled.test', port: 80, agent, lookup: () => {} });
    req.on('error', resolve);
  });
}

describe('connection timeout of the pooled agents', () => {
  it('destroys a socket that does not connect in time, with a code the connector maps to CONNECTION_TIMEOUT', async () => {
    const error = await stalledRequest(pool.get(50).http);
    expect(error.code).toBe(CONNECT_TIMEOUT);
    expect(toConnectorError(error, 'GET http://stalled.test').code).toBe('CONNECTION_TIMEOUT');
  });

  it('shares one pair of agents per timeout value', () => {
    expect(pool.get(20_000)).toBe(pool.get(20_000));
    expect(pool.get(20_000)).not.toBe(pool.get(5_000));
  });
});
