import type { StateStore } from '@connectorkit/sdk';

/**
 * Durable state of the inbound connectors (cursors) and the leases that let several runtime
 * replicas share polling work. SQLite (one runtime) or PostgreSQL (several).
 */
export interface RuntimeStore {
  readonly kind: 'sqlite' | 'postgres';
  /** Where the state lives, for log lines (a URL's password is masked). */
  readonly location: string;
  /** A key/value store whose keys live under `scope` (connector type and deduplication id). */
  scope(scope: string): StateStore;
  /**
   * Takes or renews the lease on `key` for `owner` until `ttlMs` from now. False while another
   * owner holds a lease that has not expired (a dead replica's lease expires by itself).
   */
  acquireLease(key: string, owner: string, ttlMs: number): Promise<boolean>;
  /** Gives a lease up (only if `owner` holds it). */
  releaseLease(key: string, owner: string): Promise<void>;
  close(): Promise<void>;
}

/** `postgres://user:secret@host/db` -> `postgres://user:***@host/db`. */
export function maskUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
  }
}

export const isPostgresUrl = (value: string): boolean => /^postgres(ql)?:\/\//i.test(value);
