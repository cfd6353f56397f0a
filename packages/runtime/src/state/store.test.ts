import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maskUrl, openRuntimeStore, type RuntimeStore } from './index.js';

/** The real local PostgreSQL (`.ci/run` starts it); never a fake. */
const PG_URL = process.env.CONNECTORKIT_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function postgresReachable(): Promise<void> {
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.end();
  } catch (e) {
    throw new Error(`These tests need the local PostgreSQL at ${maskUrl(PG_URL)} (set CONNECTORKIT_TEST_POSTGRES_URL): ${e instanceof Error ? e.message : String(e)}`);
  }
}

const dir = mkdtempSync(join(tmpdir(), 'connectorkit-state-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.each([
  ['sqlite', () => join(dir, `s-${randomUUID()}.db`)],
  ['postgres', () => PG_URL],
] as const)('%s state store', (kind, location) => {
  let loc: string;
  beforeAll(async () => {
    if (kind === 'postgres') await postgresReachable();
    loc = location();
  });

  const open = (): RuntimeStore => openRuntimeStore(loc, dir);

  it('keeps values by scope across a reopen, and deletes them', async () => {
    const scope = `test/${randomUUID()}`;
    const a = open();
    await a.scope(scope).put('cursor', { token: 'p-42', seen: ['x'] });
    await a.scope(`${scope}-other`).put('cursor', 1);
    await a.close();
    const b = open();
    expect(await b.scope(scope).get('cursor')).toEqual({ token: 'p-42', seen: ['x'] });
    expect(await b.scope(`${scope}-other`).get('cursor')).toBe(1);
    await b.scope(scope).delete('cursor');
    expect(await b.scope(scope).get('cursor')).toBeUndefined();
    await b.close();
  });

  it('grants a lease to one owner at a time, renews it for its owner, and hands it over once it expires', async () => {
    const store = open();
    const key = `lease/${randomUUID()}`;
    expect(await store.acquireLease(key, 'replica-a', 400)).toBe(true);
    expect(await store.acquireLease(key, 'replica-b', 400)).toBe(false);
    expect(await store.acquireLease(key, 'replica-a', 400)).toBe(true);
    await new Promise((r) => setTimeout(r, 600));
    expect(await store.acquireLease(key, 'replica-b', 400)).toBe(true);
    expect(await store.acquireLease(key, 'replica-a', 400)).toBe(false);
    await store.releaseLease(key, 'replica-b');
    expect(await store.acquireLease(key, 'replica-a', 400)).toBe(true);
    await store.close();
  });
});

describe('state store location', () => {
  it('masks the password of a PostgreSQL URL', () => {
    expect(openRuntimeStore('postgres://app:s3cret@db:5432/x', '/').location).toBe('postgres://app:***@db:5432/x');
  });

  it('resolves a SQLite path against the working directory', () => {
    expect(openRuntimeStore('state/s.db', '/srv/app').location).toBe('/srv/app/state/s.db');
    expect(openRuntimeStore('sqlite:/var/lib/c.db', '/srv/app').location).toBe('/var/lib/c.db');
  });
});
