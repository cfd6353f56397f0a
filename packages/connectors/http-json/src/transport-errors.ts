/** Turns a failed exchange (axios or socket error) into a ConnectorError with a clear code. */
import { ConnectorError, ConnectorInputError } from '@connectorkit/sdk';
import { CONNECT_TIMEOUT } from './agents.js';
import { ERROR_CODES } from './error-codes.js';

const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME', 'EAI_NODATA']);
const TLS_CODES = new Set([
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
const INPUT_CODES = new Set(['ERR_INVALID_CHAR', 'ERR_INVALID_HTTP_TOKEN', 'ERR_HTTP_INVALID_HEADER_VALUE', 'ERR_UNESCAPED_CHARACTERS']);

interface ErrorLike {
  code?: unknown;
  message?: unknown;
  cause?: unknown;
}

function codeOf(e: unknown): string | undefined {
  const { code, cause } = (e ?? {}) as ErrorLike;
  // axios wraps socket errors and keeps their code; some carry it on the cause only.
  if (typeof code === 'string' && code !== 'ERR_BAD_REQUEST' && code !== 'ERR_BAD_RESPONSE') return code;
  const inner = (cause as ErrorLike | undefined)?.code;
  if (typeof inner === 'string') return inner;
  return typeof code === 'string' ? code : undefined;
}

const messageOf = (e: unknown) => String((e as ErrorLike | undefined)?.message ?? e);

/**
 * @param where `GET https://api.example.com` (method and origin: never the path or query, which may hold secrets)
 */
export function toConnectorError(e: unknown, where: string): ConnectorError {
  if (e instanceof ConnectorError) return e;
  const code = codeOf(e);
  const detail = messageOf(e);
  const fail = (connectorCode: string, what: string) =>
    new ConnectorError(connectorCode, `${where} failed: ${what}${code ? ` (${code})` : ''}`);

  if (code === 'ERR_CANCELED') return fail(ERROR_CODES.cancelled, 'the job was cancelled');
  if (code === 'ETIMEDOUT' || code === 'ECONNABORTED') return fail(ERROR_CODES.timeout, 'no response within the read timeout');
  if (code === CONNECT_TIMEOUT) return fail(ERROR_CODES.connectionTimeout, 'no connection within the connection timeout');
  if (code === 'ECONNREFUSED') return fail(ERROR_CODES.connectionRefused, 'the connection was refused');
  if (code !== undefined && DNS_CODES.has(code)) return fail(ERROR_CODES.dns, 'the host name could not be resolved');
  if (code === ERROR_CODES.hostBlocked) {
    return new ConnectorInputError(`${where} is not allowed: the host is on the block list`, { code: ERROR_CODES.hostBlocked });
  }
  if (code === 'ERR_BAD_RESPONSE' && detail.includes('maxContentLength')) {
    return fail(ERROR_CODES.responseTooLarge, 'the response is larger than the configured limit');
  }
  if (code === 'ERR_BAD_REQUEST' && detail.includes('maxBodyLength')) {
    return new ConnectorInputError(`${where}: the request body is larger than the configured limit`, {
      code: ERROR_CODES.requestTooLarge,
    });
  }
  if (code !== undefined && INPUT_CODES.has(code)) {
    return new ConnectorInputError(`${where}: invalid request: ${detail}`, { code: ERROR_CODES.invalidInput });
  }
  if (code !== undefined && (TLS_CODES.has(code) || code.startsWith('ERR_TLS_') || code.startsWith('ERR_SSL_'))) {
    return fail(ERROR_CODES.tls, `TLS handshake failed: ${detail}`);
  }
  return fail(ERROR_CODES.connection, detail);
}
