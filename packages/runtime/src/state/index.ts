import { isAbsolute, resolve } from 'node:path';
import { postgresStore } from './postgres.js';
import { sqliteStore } from './sqlite.js';
import { isPostgresUrl, type RuntimeStore } from './store.js';

export { maskUrl, isPostgresUrl, type RuntimeStore } from './store.js';
export { sqliteStore } from './sqlite.js';
export { postgresStore } from './postgres.js';

/** `postgres://…` (or `postgresql://…`): PostgreSQL; anything else: a SQLite file (`sqlite:` prefix optional). */
export function openRuntimeStore(location: string, cwd: string): RuntimeStore {
  if (isPostgresUrl(location)) return postgresStore(location);
  const path = location.replace(/^sqlite:/i, '');
  return sqliteStore(path === ':memory:' || isAbsolute(path) ? path : resolve(cwd, path));
}
