/**
 * One vocabulary for failures below the third-party API: the `error.code` every connector gives a
 * transport failure (timeout, refused or broken connection, DNS, TLS, cancelled) and a rate limit,
 * so an `errorExpression` written for one connector reads the same for another. A connector keeps
 * a code of Camunda's stock connector where users' error expressions already match on it (the REST
 * connector's HTTP status as text, Slack's `ratelimited`); its README says which.
 */
import { ConnectorRetryError, type ErrorVariables } from './errors.js';

export const TRANSPORT_ERROR_CODES = {
  /** No answer (or a pause while it arrived) within the connector's read timeout. */
  timeout: 'TIMEOUT',
  /** Name lookup and connect took longer than the connector's connection timeout. */
  connectionTimeout: 'CONNECTION_TIMEOUT',
  /** Nothing listens at the address and port. */
  connectionRefused: 'CONNECTION_REFUSED',
  /** The connection failed or broke (reset, unreachable network, ...). */
  connection: 'CONNECTION_ERROR',
  /** The host name could not be resolved. */
  dns: 'DNS_ERROR',
  /** The TLS handshake failed (untrusted or expired certificate, wrong host name, ...). */
  tls: 'TLS_ERROR',
  /** The runtime cancelled the job (shutdown or job timeout) before the answer came. */
  cancelled: 'CANCELLED',
  /** The service asked to slow down (HTTP 429): a {@link ConnectorRetryError} with its Retry-After as backoff. */
  rateLimited: 'RATE_LIMITED',
} as const;

export type TransportErrorCode = (typeof TRANSPORT_ERROR_CODES)[keyof typeof TRANSPORT_ERROR_CODES];

const DNS = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME', 'EAI_NODATA']);
const TLS = new Set([
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'HOSTNAME_MISMATCH',
]);
const TIMEOUT = new Set(['ETIMEDOUT', 'ECONNABORTED', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);
const BROKEN = new Set(['ECONNRESET', 'EPIPE', 'ENETUNREACH', 'EHOSTUNREACH', 'ENETDOWN', 'EHOSTDOWN', 'UND_ERR_SOCKET', 'ERR_NETWORK']);

/**
 * The transport code of a system error code (Node's `ECONNREFUSED`, `ENOTFOUND`, TLS codes,
 * undici's `UND_ERR_*`, axios' `ERR_CANCELED`), or undefined for a code that is none of them.
 */
export function transportErrorCode(systemCode: string | undefined): TransportErrorCode | undefined {
  if (systemCode === undefined) return undefined;
  const c = TRANSPORT_ERROR_CODES;
  if (systemCode === 'ERR_CANCELED' || systemCode === 'ABORT_ERR') return c.cancelled;
  if (TIMEOUT.has(systemCode)) return c.timeout;
  if (systemCode === 'UND_ERR_CONNECT_TIMEOUT') return c.connectionTimeout;
  if (systemCode === 'ECONNREFUSED') return c.connectionRefused;
  if (DNS.has(systemCode)) return c.dns;
  if (TLS.has(systemCode) || systemCode.startsWith('ERR_TLS_') || systemCode.startsWith('ERR_SSL_')) return c.tls;
  if (BROKEN.has(systemCode)) return c.connection;
  return undefined;
}

/**
 * A `Retry-After` header value in milliseconds: delay-seconds (`120`) or an HTTP date; undefined
 * when absent or unusable. A date in the past is no wait at all.
 */
export function retryAfterMs(value: string | number | undefined | null, now: number = Date.now()): number | undefined {
  if (value === undefined || value === null) return undefined;
  const text = String(value).trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * A rate limit as every connector reports it: a {@link ConnectorRetryError} whose backoff is what
 * the service asked for (undefined: the task's `retryBackoff`). The code is `RATE_LIMITED` unless the
 * connector keeps its stock connector's code.
 */
export function rateLimitError(
  message: string,
  options: { retryAfterMs?: number; code?: string; variables?: ErrorVariables } = {},
): ConnectorRetryError {
  return new ConnectorRetryError(message, {
    code: options.code ?? TRANSPORT_ERROR_CODES.rateLimited,
    ...(options.retryAfterMs === undefined ? {} : { backoff: options.retryAfterMs }),
    ...(options.variables === undefined ? {} : { variables: options.variables }),
  });
}
