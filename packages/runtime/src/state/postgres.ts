import type { StateStore } from '@connectorkit/sdk';
import { maskUrl, type RuntimeStore } from './store.js';

type Pool = import('pg').Pool;

/**
 * State in PostgreSQL, shared by every runtime replica pointed at the same database. Leases are
 * decided by the database's own clock, so replicas with skewed clocks still agree.
 */
export function postgresStore(url: string): RuntimeStore {
  let opening: Promise<Pool> | undefined;
  const open = (): Promise<Pool> =>
    (opening ??= (async () => {
      const { default: pg } = await import('pg');
      const pool = new pg.Pool({ connectionString: url, max: 4, idleTimeoutMillis: 30_000 });
      // A broken connection must not crash the runtime; the next query reconnects.
      pool.on('error', () => undefined);
      const ddl = [
        `CREATE TABLE IF NOT EXISTS connectorkit_state (
          scope TEXT NOT NULL, key TEXT NOT NULL, value JSONB NOT NULL, updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
          PRIMARY KEY (scope, key))`,
        `CREATE TABLE IF NOT EXISTS connectorkit_leases (key TEXT PRIMARY KEY, owner TEXT NOT NULL, expires_at TIMESTAMPTZ NOT NULL)`,
      ];
      for (const statement of ddl) {
        try {
          await pool.query(statement);
        } catch (e) {
          // Two replicas creating the table at the same moment: PostgreSQL lets one win and fails
          // the other with a unique violation (23505) or "already exists" (42P07). The table is there.
          const code = (e as { code?: string }).code;
          if (code !== '23505' && code !== '42P07') throw e;
        }
      }
      return pool;
    })().catch((e: unknown) => {
      opening = undefined; // try again on the next call
      throw new Error(`PostgreSQL state store at ${maskUrl(url)}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    }));

  return {
    kind: 'postgres',
    location: maskUrl(url),
    scope(scope): StateStore {
      return {
        async get<T>(key: string) {
          const r = await (await open()).query('SELECT value FROM connectorkit_state WHERE scope = $1 AND key = $2', [scope, key]);
          return r.rows.length > 0 ? (r.rows[0].value as T) : undefined;
        },
        async put(key, value) {
          await (await open()).query(
            'INSERT INTO connectorkit_state (scope, key, value, updated_at) VALUES ($1, $2, $3::jsonb, now()) ' +
              'ON CONFLICT (scope, key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at',
            [scope, key, JSON.stringify(value ?? null)],
          );
        },
        async delete(key) {
          await (await open()).query('DELETE FROM connectorkit_state WHERE scope = $1 AND key = $2', [scope, key]);
        },
      };
    },
    async acquireLease(key, owner, ttlMs) {
      const r = await (await open()).query(
        "INSERT INTO connectorkit_leases (key, owner, expires_at) VALUES ($1, $2, now() + $3 * interval '1 millisecond') " +
          'ON CONFLICT (key) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at ' +
          'WHERE connectorkit_leases.owner = excluded.owner OR connectorkit_leases.expires_at < now() RETURNING owner',
        [key, owner, ttlMs],
      );
      return r.rows.length > 0;
    },
    async releaseLease(key, owner) {
      await (await open()).query('DELETE FROM connectorkit_leases WHERE key = $1 AND owner = $2', [key, owner]);
    },
    async close() {
      const pool = opening ? await opening.catch(() => undefined) : undefined;
      opening = undefined;
      await pool?.end().catch(() => undefined);
    },
  };
}
