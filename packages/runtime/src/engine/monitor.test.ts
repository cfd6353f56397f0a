import { silentLogger } from '@connectorkit/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { EngineMonitor } from './monitor.js';
import type { EngineTopology } from './types.js';

const topology: EngineTopology = { gatewayVersion: '8.8.21', clusterSize: 1, partitionsCount: 1, brokers: [] };

/** An engine whose answer the test switches: up, or refusing connections. */
function engine() {
  const state = { up: true, probes: 0 };
  return {
    state,
    target: { address: 'grpc://localhost:26500', authStrategy: 'NONE' },
    async topology() {
      state.probes++;
      if (!state.up) throw new Error('14 UNAVAILABLE: No connection established. Last error: connect ECONNREFUSED 127.0.0.1:26500');
      return topology;
    },
  };
}

const until = async (what: string, check: () => boolean, ms = 3000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
};

let monitor: EngineMonitor | undefined;
afterEach(() => monitor?.stop());

describe('EngineMonitor', () => {
  it('reports DOWN with the real cause after the engine goes, and UP without the old error once it is back', async () => {
    const e = engine();
    let recovered = 0;
    monitor = new EngineMonitor({ engine: e, logger: silentLogger, intervalMs: 100, downIntervalMs: 20, onRecovered: () => recovered++ });
    monitor.start();
    await monitor.firstConnection;
    expect(monitor.health().status).toBe('UP');

    e.state.up = false;
    await until('DOWN', () => monitor!.health().status === 'DOWN');
    expect(monitor.health().details.error).toContain('ECONNREFUSED');

    e.state.up = true;
    await until('UP again', () => monitor!.health().status === 'UP');
    expect(monitor.health().details.error).toBeUndefined();
    expect(recovered).toBe(1);
  });

  it('names the cause other engine calls saw when its own probe only timed out', async () => {
    const e = engine();
    e.topology = async () => {
      throw new Error('no answer from the engine at grpc://localhost:26500 within 3000 ms');
    };
    monitor = new EngineMonitor({
      engine: e,
      logger: silentLogger,
      recentError: () => ({ message: 'connect ECONNREFUSED 127.0.0.1:26500', at: Date.now() }),
    });
    monitor.start();
    await until('a failed probe', () => monitor!.health().details.error !== 'not connected yet');
    expect(monitor.health().details.error).toBe('no answer from the engine at grpc://localhost:26500 within 3000 ms; the engine calls fail with: connect ECONNREFUSED 127.0.0.1:26500');
  });

  it('while UP with the connection established, calls the engine only every callIntervalMs, and probes at once when the connection drops', async () => {
    const e = { ...engine(), link: true, connected(): boolean | undefined { return this.link; } };
    monitor = new EngineMonitor({ engine: e, logger: silentLogger, intervalMs: 20, downIntervalMs: 20, callIntervalMs: 10_000 });
    monitor.start();
    await monitor.firstConnection;
    const calls = e.state.probes;
    await new Promise((r) => setTimeout(r, 200));
    expect(e.state.probes).toBe(calls); // ten intervals, no call: the connection answered
    expect(monitor.health().status).toBe('UP');
    e.link = false;
    e.state.up = false;
    await until('DOWN after the connection dropped', () => monitor!.health().status === 'DOWN', 500);
    expect(e.state.probes).toBeGreaterThan(calls);
    e.link = true;
    e.state.up = true;
    await until('UP again', () => monitor!.health().status === 'UP', 500);
  });

  it('while the client watches its connection, sets no timer before the next call is due, and probes at once when it changes', async () => {
    const e = {
      ...engine(),
      link: true,
      checks: 0,
      onChange: undefined as (() => void) | undefined,
      connected(): boolean | undefined {
        this.checks++;
        return this.link;
      },
      watchConnection(onChange: () => void): boolean {
        if (!this.link) return false;
        this.onChange = onChange;
        return true;
      },
    };
    monitor = new EngineMonitor({ engine: e, logger: silentLogger, intervalMs: 20, downIntervalMs: 20, callIntervalMs: 300 });
    monitor.start();
    await monitor.firstConnection;
    const calls = e.state.probes;
    await new Promise((r) => setTimeout(r, 150));
    expect(e.checks).toBe(0); // nothing woke up in between: no 20 ms checks
    expect(e.state.probes).toBe(calls);
    expect(Date.parse(monitor.health().details.lastCheckAt!)).toBeGreaterThan(Date.now() - 50); // watched: established now
    await until('the call at callIntervalMs', () => e.state.probes === calls + 1, 1000);
    expect(e.onChange).toBeDefined(); // still watched after the call

    e.link = false;
    e.state.up = false;
    const before = e.state.probes;
    e.onChange!();
    await until('DOWN at once after the change', () => monitor!.health().status === 'DOWN', 100);
    expect(e.state.probes).toBe(before + 1);
    e.link = true;
    e.state.up = true;
    await until('UP again', () => monitor!.health().status === 'UP', 500);
  });

  it('calls the engine at every interval when the connection cannot be seen', async () => {
    const e = engine();
    monitor = new EngineMonitor({ engine: e, logger: silentLogger, intervalMs: 20, callIntervalMs: 10_000 });
    monitor.start();
    await monitor.firstConnection;
    const calls = e.state.probes;
    await until('more calls', () => e.state.probes >= calls + 5, 1000);
  });
});

