/**
 * What a failed Google call means for a poll: a rate limit (back off, honouring Retry-After), a
 * page token Drive no longer accepts (rebaseline), rejected credentials, or anything else.
 * Reads gaxios errors (`status`, `response.headers`, `response.data`) as Drive and the token
 * endpoint send them; never copies a request (its headers carry the access token).
 */

export type DriveFailure =
  | { kind: 'rate-limit'; status: number; reason: string; message: string; retryAfterMs?: number }
  /** A 400 naming the page token, or a 404 (meaningful for `changes.list` only). */
  | { kind: 'invalid-page-token'; status: number; message: string }
  | { kind: 'auth'; status?: number; message: string }
  | { kind: 'other'; status?: number; message: string };

/** Drive's `errors[].reason` values that mean "slow down". */
export const RATE_LIMIT_REASONS: ReadonlySet<string> = new Set([
  'rateLimitExceeded',
  'userRateLimitExceeded',
  'dailyLimitExceeded',
  'quotaExceeded',
  'RATE_LIMIT_EXCEEDED',
  'RESOURCE_EXHAUSTED',
]);

interface GoogleErrorBody {
  error?:
    | string
    | { code?: number; message?: string; status?: string; errors?: { reason?: string; message?: string; location?: string }[] };
  error_description?: string;
}

interface ErrorLike {
  status?: number;
  message?: string;
  response?: { status?: number; headers?: unknown; data?: unknown };
}

function header(headers: unknown, name: string): string | undefined {
  // gaxios hands over a fetch `Headers` (its own or node-fetch's): anything with get().
  if (typeof (headers as Headers | undefined)?.get === 'function') return (headers as Headers).get(name) ?? undefined;
  if (typeof headers === 'object' && headers !== null) {
    const found = Object.entries(headers).find(([k]) => k.toLowerCase() === name);
    return found === undefined ? undefined : String(found[1]);
  }
  return undefined;
}

/** `Retry-After` as milliseconds: delay-seconds or an HTTP date (RFC 9110). */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  if (/^\s*\d+\s*$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

export function classifyFailure(error: unknown): DriveFailure {
  const e = (typeof error === 'object' && error !== null ? error : {}) as ErrorLike;
  const status = e.response?.status ?? e.status;
  const body = (typeof e.response?.data === 'object' && e.response.data !== null ? e.response.data : {}) as GoogleErrorBody;
  const message = String(e.message ?? error);

  // The token endpoint answers `{ error: "invalid_grant", error_description }`.
  if (typeof body.error === 'string') {
    return { kind: 'auth', status, message: body.error_description ? `${body.error}: ${body.error_description}` : body.error };
  }
  const apiError = body.error;
  const details = apiError?.errors ?? [];
  const apiMessage = apiError?.message ?? message;
  const reason = [...details.map((d) => d.reason ?? ''), apiError?.status ?? ''].find((r) => RATE_LIMIT_REASONS.has(r));
  if (status === 429 || ((status === 403 || status === 503) && reason !== undefined)) {
    return {
      kind: 'rate-limit',
      status,
      reason: reason ?? 'rateLimitExceeded',
      message: apiMessage,
      retryAfterMs: parseRetryAfter(header(e.response?.headers, 'retry-after')),
    };
  }
  // Only consulted for changes.list, whose one path parameter-free 404 is an unknown page token.
  if (status === 404 || (status === 400 && (details.some((d) => d.location === 'pageToken') || /page ?token/i.test(apiMessage)))) {
    return { kind: 'invalid-page-token', status, message: apiMessage };
  }
  if (status === 401) return { kind: 'auth', status, message: apiMessage };
  // gtoken (service accounts) reports a refused JWT grant as an Error whose message starts with the OAuth error.
  if (status === undefined && /^(invalid_grant|unauthorized_client|invalid_client|access_denied)\b/.test(message)) {
    return { kind: 'auth', message };
  }
  return { kind: 'other', status, message: apiMessage };
}
