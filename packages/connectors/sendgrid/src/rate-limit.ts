/**
 * How long SendGrid asks us to wait after HTTP 429: `Retry-After` (seconds or an HTTP date), else
 * `X-RateLimit-Reset` (epoch seconds, what SendGrid sends). Undefined when neither is usable.
 */
export type ResponseHeaders = Readonly<Record<string, unknown>>;

/** A header's value, whatever the case of its name. */
export function headerValue(headers: ResponseHeaders | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== wanted) continue;
    const first: unknown = Array.isArray(value) ? value[0] : value;
    if (typeof first === 'string' || typeof first === 'number') return String(first).trim();
  }
  return undefined;
}

const SECONDS = /^\d+(\.\d+)?$/;

export function retryDelayMs(headers: ResponseHeaders | undefined, now: number = Date.now()): number | undefined {
  const retryAfter = headerValue(headers, 'retry-after');
  if (retryAfter !== undefined) {
    if (SECONDS.test(retryAfter)) return Math.round(Number(retryAfter) * 1000);
    const at = Date.parse(retryAfter);
    if (!Number.isNaN(at)) return Math.max(0, at - now);
  }
  const reset = headerValue(headers, 'x-ratelimit-reset');
  if (reset !== undefined && SECONDS.test(reset)) return Math.max(0, Math.round(Number(reset) * 1000 - now));
  return undefined;
}
