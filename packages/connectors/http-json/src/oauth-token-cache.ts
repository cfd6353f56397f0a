/**
 * OAuth access tokens, kept until shortly before they expire. Concurrent executions needing the same
 * token share one token request. Tokens live in memory only and are never logged.
 */

/** What a token endpoint granted. */
export interface TokenGrant {
  accessToken: string;
  /** Lifetime in seconds; without it the token is used once and not cached. */
  expiresInSeconds?: number;
  /** A rotated refresh token, used for the next refresh instead of the configured one. */
  refreshToken?: string;
}

interface Entry {
  accessToken: string;
  /** Epoch ms after which the token is fetched anew. */
  refreshAt: number;
  refreshToken?: string;
}

export interface TokenCacheOptions {
  /** Clock (epoch ms). */
  now?: () => number;
  /** Refresh this long before expiry (at most half the token's lifetime). Default 30 s. */
  skewMs?: number;
  /** Most tokens kept; the oldest is dropped first. Default 1000. */
  maxEntries?: number;
}

export const DEFAULT_SKEW_MS = 30_000;

export class OAuthTokenCache {
  private readonly entries = new Map<string, Entry>();
  private readonly pending = new Map<string, Promise<string>>();
  private readonly now: () => number;
  private readonly skewMs: number;
  private readonly maxEntries: number;

  constructor(options: TokenCacheOptions = {}) {
    this.now = options.now ?? Date.now;
    this.skewMs = options.skewMs ?? DEFAULT_SKEW_MS;
    this.maxEntries = options.maxEntries ?? 1000;
  }

  /**
   * A valid access token for `key`: the cached one while it is fresh, else one `fetch` obtains
   * (`fetch` receives the refresh token the server last rotated to, if any).
   */
  async get(key: string, fetch: (rotatedRefreshToken: string | undefined) => Promise<TokenGrant>): Promise<string> {
    const entry = this.entries.get(key);
    if (entry && this.now() < entry.refreshAt) return entry.accessToken;
    const running = this.pending.get(key);
    if (running) return running;
    const request = this.fetchAndStore(key, entry?.refreshToken, fetch).finally(() => this.pending.delete(key));
    this.pending.set(key, request);
    return request;
  }

  /** Forgets `accessToken` if it is still the cached token of `key` (the API refused it). */
  evict(key: string, accessToken: string): void {
    const entry = this.entries.get(key);
    if (entry?.accessToken === accessToken) {
      // Keep a rotated refresh token: it is the only valid one left.
      if (entry.refreshToken) this.entries.set(key, { ...entry, refreshAt: 0 });
      else this.entries.delete(key);
    }
  }

  get size(): number {
    return this.entries.size;
  }

  private async fetchAndStore(
    key: string,
    refreshToken: string | undefined,
    fetch: (rotatedRefreshToken: string | undefined) => Promise<TokenGrant>,
  ): Promise<string> {
    const grant = await fetch(refreshToken);
    const lifetimeMs = (grant.expiresInSeconds ?? 0) * 1000;
    const refreshAt = lifetimeMs > 0 ? this.now() + lifetimeMs - Math.min(this.skewMs, lifetimeMs / 2) : 0;
    this.entries.delete(key);
    if (refreshAt > 0 || grant.refreshToken || refreshToken) {
      this.entries.set(key, { accessToken: grant.accessToken, refreshAt, refreshToken: grant.refreshToken ?? refreshToken });
    }
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    return grant.accessToken;
  }
}
