/** Turns a failed exchange (axios or socket error) into a ConnectorError with a clear code. */
import { ConnectorError, ConnectorInputError, TRANSPORT_ERROR_CODES, transportErrorCode } from '@connectorkit/sdk';
import { CONNECT_TIMEOUT } from './agents.js';
import { ERROR_CODES } from './error-codes.js';

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

  // The SDK's shared vocabulary; the connect timeout is our agents' own code.
  const transport = code === CONNECT_TIMEOUT ? TRANSPORT_ERROR_CODES.connectionTimeout : transportErrorCode(code);
  if (transport === TRANSPORT_ERROR_CODES.cancelled) return fail(ERROR_CODES.cancelled, 'the job was cancelled');
  if (transport === TRANSPORT_ERROR_CODES.timeout) return fail(ERROR_CODES.timeout, 'no response within the read timeout');
  if (transport === TRANSPORT_ERROR_CODES.connectionTimeout) {
    return fail(ERROR_CODES.connectionTimeout, 'no connection within the connection timeout');
  }
  if (transport === TRANSPORT_ERROR_CODES.connectionRefused) return fail(ERROR_CODES.connectionRefused, 'the connection was refused');
  if (transport === TRANSPORT_ERROR_CODES.dns) return fail(ERROR_CODES.dns, 'the host name could not be resolved');
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
  if (transport === TRANSPORT_ERROR_CODES.tls) {
    return fail(ERROR_CODES.tls, `TLS handshake failed: ${detail}`);
  }
  return fail(ERROR_CODES.connection, detail);
}
