/**
 * How long SendGrid asks us to wait after HTTP 429: `Retry-After` (seconds or an HTTP date), else
 * `X-RateLimit-Reset` (epoch seconds, what SendGrid sends). Undefined when neither is usable.
 */
import { retryAfterMs } from '@connectorkit/sdk';

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
  const retryAfter = retryAfterMs(headerValue(headers, 'retry-after'), now);
  if (retryAfter !== undefined) return retryAfter;
  const reset = headerValue(headers, 'x-ratelimit-reset');
  if (reset !== undefined && SECONDS.test(reset)) return Math.max(0, Math.round(Number(reset) * 1000 - now));
  return undefined;
}
