import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RuntimeHandle } from '@connectorkit/runtime';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { source, testPolling } from '../src/connectors/index.js';
import { eventually, RUN, testClient, type ZeebeClient } from './support/engine.js';
import { deployXml, inboundEntry, instancesOf, startInboundRuntime } from './support/inbound.js';
import { startModel } from './support/inbound-models.js';

/** The real local PostgreSQL, which `.ci/run` starts when it is down. */
const PG_URL = process.env.CONNECTORKIT_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const polling = testPolling(RUN);
let client: ZeebeClient;

beforeAll(async () => {
  client = testClient();
});

afterAll(async () => {
  await client?.close();
});

async function expectInstances(pid: string, n: number): Promise<void> {
  await eventually(`${n} instances of ${pid}`, async () => ((await instancesOf(pid)).length >= n ? true : undefined));
  await new Promise((r) => setTimeout(r, 800)); // a few more polls: nothing more may start
  expect(await instancesOf(pid)).toHaveLength(n);
}

function items(prefix: string, n: number) {
  return Array.from({ length: n }, (_, i) => ({ id: `${prefix}-${i}`, variables: { n: i } }));
}

describe.each([
  ['SQLite', () => join(tmpdir(), `connectorkit-e2e-poll-${RUN}-${randomUUID()}.db`)],
  ['PostgreSQL', () => PG_URL],
] as const)('polling with a %s state store', (kind, stateUrl) => {
  beforeAll(async () => {
    if (kind === 'PostgreSQL') {
      const c = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 3000 });
      await c.connect().catch((e: Error) => {
        throw new Error(`This test needs the local PostgreSQL at 127.0.0.1:5432 (.ci/run starts it): ${e.message}`);
      });
      await c.end();
    }
  });

  it('correlates each item once, and the cursor survives a restart of the runtime', async () => {
    const pid = `e2e-poll-${kind.toLowerCase()}-${RUN}`;
    const src = source(`${pid}-src`);
    src.items.push(...items(pid, 3));
    const url = stateUrl();
    const first = await startInboundRuntime([polling], (c) => (c.inbound.stateUrl = url));
    try {
      await deployXml(client, pid, startModel(pid, { 'inbound.type': polling.type, source: `${pid}-src`, resultExpression: '={n: n}' }));
      await expectInstances(pid, 3);
      await inboundEntry(first, pid);
    } finally {
      await first.stop(5000);
    }
    const cursorAtStop = src.cursors.at(-1);
    expect(cursorAtStop).toBe(3);

    const second = await startInboundRuntime([polling], (c) => (c.inbound.stateUrl = url));
    try {
      const polls = src.polls;
      await eventually('a poll by the restarted runtime', async () => (src.polls > polls ? true : undefined));
      expect(src.cursors.at(-1)).toBe(3); // the restarted runtime read the saved cursor
      await expectInstances(pid, 3);
      src.items.push(...items(`${pid}-late`, 1));
      await expectInstances(pid, 4);
    } finally {
      await second.stop(5000);
    }
  });
});

describe('two runtimes on one PostgreSQL', () => {
  it('never poll the same source at once, and the survivor takes over', async () => {
    const pid = `e2e-poll-lease-${RUN}`;
    const src = source(`${pid}-src`);
    src.items.push(...items(pid, 4));
    const configure = (c: Parameters<NonNullable<Parameters<typeof startInboundRuntime>[1]>>[0]) => {
      c.inbound.stateUrl = PG_URL;
      c.inbound.pollLeaseMs = 1500;
    };
    const a: RuntimeHandle = await startInboundRuntime([polling], configure);
    const b: RuntimeHandle = await startInboundRuntime([polling], configure);
    try {
      await deployXml(client, pid, startModel(pid, { 'inbound.type': polling.type, source: `${pid}-src` }));
      await expectInstances(pid, 4);
      await inboundEntry(a, pid);
      await inboundEntry(b, pid);
      const polls = src.polls;
      await eventually('more polls', async () => (src.polls > polls + 5 ? true : undefined));
      expect(src.maxRunning).toBe(1);
      await a.stop(5000);
      src.items.push(...items(`${pid}-after`, 2));
      await expectInstances(pid, 6);
      expect(src.maxRunning).toBe(1);
    } finally {
      await a.stop(5000);
      await b.stop(5000);
    }
  });
});
