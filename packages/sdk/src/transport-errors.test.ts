import { describe, expect, it } from 'vitest';
import { ConnectorRetryError } from './errors.js';
import { rateLimitError, retryAfterMs, TRANSPORT_ERROR_CODES as T, transportErrorCode } from './transport-errors.js';

describe('transport error codes', () => {
  it('map system error codes to one vocabulary', () => {
    expect(transportErrorCode('ECONNREFUSED')).toBe(T.connectionRefused);
    expect(transportErrorCode('ENOTFOUND')).toBe(T.dns);
    expect(transportErrorCode('EAI_AGAIN')).toBe(T.dns);
    expect(transportErrorCode('CERT_HAS_EXPIRED')).toBe(T.tls);
    expect(transportErrorCode('ERR_TLS_CERT_ALTNAME_INVALID')).toBe(T.tls);
    expect(transportErrorCode('ETIMEDOUT')).toBe(T.timeout);
    expect(transportErrorCode('UND_ERR_CONNECT_TIMEOUT')).toBe(T.connectionTimeout);
    expect(transportErrorCode('ECONNRESET')).toBe(T.connection);
    expect(transportErrorCode('ERR_CANCELED')).toBe(T.cancelled);
    expect(transportErrorCode('ERR_BAD_RESPONSE')).toBeUndefined();
    expect(transportErrorCode(undefined)).toBeUndefined();
  });

  it('read Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(retryAfterMs('120', now)).toBe(120_000);
    expect(retryAfterMs(1.5, now)).toBe(1500);
    expect(retryAfterMs('Thu, 01 Jan 2026 00:00:30 GMT', now)).toBe(30_000);
    expect(retryAfterMs('Wed, 31 Dec 2025 00:00:00 GMT', now)).toBe(0);
    expect(retryAfterMs('soon', now)).toBeUndefined();
    expect(retryAfterMs(undefined, now)).toBeUndefined();
  });

  it('report a rate limit as a retry error with the requested backoff', () => {
    const e = rateLimitError('slow down', { retryAfterMs: 5000, variables: { a: 1 } });
    expect(e).toBeInstanceOf(ConnectorRetryError);
    expect(e).toMatchObject({ code: 'RATE_LIMITED', backoffMs: 5000, retries: undefined, variables: { a: 1 } });
    expect(rateLimitError('slow', { code: '429' })).toMatchObject({ code: '429', backoffMs: undefined });
  });
});
