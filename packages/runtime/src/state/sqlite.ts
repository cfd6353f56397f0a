import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { StateStore } from '@connectorkit/sdk';
import type { RuntimeStore } from './store.js';

type Database = import('better-sqlite3').Database;

/**
 * State in a local SQLite file (better-sqlite3). The file and its folder are created on first use,
 * so a runtime without polling or subscription connectors never writes one.
 */
export function sqliteStore(path: string): RuntimeStore {
  let db: Database | undefined;
  let opening: Promise<Database> | undefined;
  const open = (): Promise<Database> =>
    (opening ??= (async () => {
      const { default: Sqlite } = await import('better-sqlite3');
      if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
      const d = new Sqlite(path);
      d.pragma('journal_mode = WAL');
      d.pragma('busy_timeout = 5000');
      d.exec(`CREATE TABLE IF NOT EXISTS connectorkit_state (
        scope TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, updated_at INTEGER NOT NULL,
        PRIMARY KEY (scope, key));
      CREATE TABLE IF NOT EXISTS connectorkit_leases (
        key TEXT PRIMARY KEY, owner TEXT NOT NULL, expires_at INTEGER NOT NULL);`);
      db = d;
      return d;
    })());

  return {
    kind: 'sqlite',
    location: path,
    scope(scope): StateStore {
      return {
        async get<T>(key: string) {
          const row = (await open()).prepare('SELECT value FROM connectorkit_state WHERE scope = ? AND key = ?').get(scope, key) as
            | { value: string }
            | undefined;
          return row ? (JSON.parse(row.value) as T) : undefined;
        },
        async put(key, value) {
          (await open())
            .prepare(
              'INSERT INTO connectorkit_state (scope, key, value, updated_at) VALUES (?, ?, ?, ?) ' +
                'ON CONFLICT (scope, key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at',
            )
            .run(scope, key, JSON.stringify(value ?? null), Date.now());
        },
        async delete(key) {
          (await open()).prepare('DELETE FROM connectorkit_state WHERE scope = ? AND key = ?').run(scope, key);
        },
      };
    },
    async acquireLease(key, owner, ttlMs) {
      const now = Date.now();
      const row = (await open())
        .prepare(
          'INSERT INTO connectorkit_leases (key, owner, expires_at) VALUES (?, ?, ?) ' +
            'ON CONFLICT (key) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at ' +
            'WHERE connectorkit_leases.owner = excluded.owner OR connectorkit_leases.expires_at < ? RETURNING owner',
        )
        .get(key, owner, now + ttlMs, now);
      return row !== undefined;
    },
    async releaseLease(key, owner) {
      (await open()).prepare('DELETE FROM connectorkit_leases WHERE key = ? AND owner = ?').run(key, owner);
    },
    async close() {
      if (opening) await opening.catch(() => undefined);
      db?.close();
      db = undefined;
    },
  };
}
