/**
 * Maps what @slack/web-api rejects with to connector errors.
 *
 * - Slack's `ok: false` answer: a ConnectorError whose code is Slack's error code (`channel_not_found`,
 *   `not_in_channel`, `invalid_auth`, ...), with the missing scopes and Slack's messages as variables.
 * - HTTP 429: a ConnectorRetryError (code `ratelimited`) with Slack's Retry-After as backoff.
 * - Another HTTP status: a ConnectorError whose code is the status (`"500"`).
 * - Transport failures: the SDK's shared codes (TRANSPORT_ERROR_CODES); answers that are not Slack
 *   API JSON: MALFORMED_RESPONSE.
 *
 * The library's errors are never attached as `cause`, and every text taken from them is masked with
 * the token, so the token cannot reach an incident, a log line or a variable.
 */
import { ConnectorError, maskSecrets, rateLimitError, TRANSPORT_ERROR_CODES, transportErrorCode, type ConnectorRetryError } from '@connectorkit/sdk';
import type { ErrorCode } from '@slack/web-api';

/**
 * Codes of failures that are not Slack `ok: false` answers. `ratelimited` is Slack's own code (what
 * Camunda's Slack connector gives); transport failures use the SDK's shared vocabulary.
 */
export const ERROR_CODES = {
  rateLimited: 'ratelimited',
  malformedResponse: 'MALFORMED_RESPONSE',
  connection: TRANSPORT_ERROR_CODES.connection,
  /** @deprecated the key of `connection` before the shared vocabulary; kept for code that reads it. */
  connectionFailed: TRANSPORT_ERROR_CODES.connection,
  connectionRefused: TRANSPORT_ERROR_CODES.connectionRefused,
  dns: TRANSPORT_ERROR_CODES.dns,
  tls: TRANSPORT_ERROR_CODES.tls,
  timeout: TRANSPORT_ERROR_CODES.timeout,
  cancelled: TRANSPORT_ERROR_CODES.cancelled,
  unsupportedMethod: 'UNSUPPORTED_METHOD',
} as const;

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Slack error codes are short identifiers; anything else (an HTML page, prose) is not a Slack answer. */
const SLACK_CODE = /^[A-Za-z0-9_.:-]{1,100}$/;

const stringList = (v: unknown): string[] | undefined =>
  Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'string') ? v : undefined;

/** Slack's `{ ok: false, error, needed, provided, response_metadata: { messages } }` as a connector error. */
export function slackAnswerError(method: string, body: Record<string, unknown>, token: string): ConnectorError {
  const code = body.error;
  if (typeof code !== 'string' || !SLACK_CODE.test(code)) {
    return malformedResponse(method, ['ok', 'error']);
  }
  const meta = isRecord(body.response_metadata) ? body.response_metadata : {};
  const details = stringList(meta.messages);
  const variables = maskSecrets(
    omitUndefined({
      method,
      error: code,
      needed: typeof body.needed === 'string' ? body.needed : undefined,
      provided: typeof body.provided === 'string' ? body.provided : undefined,
      details,
    }),
    [token],
  );
  if (code === 'ratelimited') {
    const seconds = typeof meta.retryAfter === 'number' ? meta.retryAfter : undefined;
    return rateLimited(method, seconds);
  }
  const scopes = variables.needed ? ` (needs scope ${variables.needed})` : '';
  const more = details ? `: ${details.join('; ')}` : '';
  return new ConnectorError(code, maskSecrets(`Slack ${method} failed: ${code}${scopes}${more}`, [token]), { variables });
}

function rateLimited(method: string, seconds: number | undefined): ConnectorRetryError {
  const wait = seconds === undefined ? '' : `; retry after ${seconds} s`;
  return rateLimitError(`Slack rate limit reached on ${method}${wait}`, {
    code: ERROR_CODES.rateLimited,
    ...(seconds === undefined ? {} : { retryAfterMs: seconds * 1000 }),
    variables: omitUndefined({ method, retryAfterSeconds: seconds }),
  });
}

/** Slack answered, but not with the JSON of its Web API (or without a field we need). */
export function malformedResponse(method: string, missing: readonly string[]): ConnectorError {
  return new ConnectorError(
    ERROR_CODES.malformedResponse,
    `Slack ${method} answered with something that is not a valid Web API response (missing or invalid: ${missing.join(', ')})`,
    { variables: { method } },
  );
}

function transportError(method: string, original: unknown, token: string): ConnectorError {
  const name = original instanceof Error ? original.name : '';
  if (name === 'TimeoutError') {
    return new ConnectorError(ERROR_CODES.timeout, `Slack ${method} did not answer in time`, { variables: { method } });
  }
  if (name === 'AbortError') {
    return new ConnectorError(ERROR_CODES.cancelled, `Slack ${method} was cancelled before Slack answered`, {
      variables: { method },
    });
  }
  const reason = original instanceof Error ? causeText(original) : String(original);
  const code = transportErrorCode(causeCode(original)) ?? ERROR_CODES.connection;
  return new ConnectorError(code, maskSecrets(`Slack ${method} request failed: ${reason}`, [token]), {
    variables: { method },
  });
}

/** The system error code of a failure or of its underlying cause (`ECONNREFUSED`), if any. */
function causeCode(error: unknown): string | undefined {
  for (let e = error, depth = 0; isRecord(e) && depth < 5; e = e.cause, depth++) {
    if (typeof e.code === 'string' && transportErrorCode(e.code) !== undefined) return e.code;
  }
  return undefined;
}

/** `fetch failed (ECONNREFUSED)`: the message and the code of the underlying cause, if any. */
function causeText(error: Error): string {
  const cause = (error as { cause?: unknown }).cause;
  const code = isRecord(cause) && typeof cause.code === 'string' ? ` (${cause.code})` : '';
  return `${error.message}${code}`;
}

/**
 * `@slack/web-api`'s error codes, as strings: importing its `ErrorCode` enum would load the whole
 * library when the connector loads (it is loaded on the first job instead, see client.ts).
 */
const SLACK_ERROR = {
  request: 'slack_webapi_request_error',
  http: 'slack_webapi_http_error',
  platform: 'slack_webapi_platform_error',
  rateLimited: 'slack_webapi_rate_limited_error',
} as const satisfies Record<string, `${ErrorCode}`>;

/** Turns anything a WebClient call rejects with into a connector error. */
export function slackFailure(error: unknown, method: string, token: string): ConnectorError {
  if (error instanceof ConnectorError) return error;
  const e = isRecord(error) ? error : {};
  switch (e.code) {
    case SLACK_ERROR.platform:
      return isRecord(e.data) ? slackAnswerError(method, e.data, token) : malformedResponse(method, ['ok']);
    case SLACK_ERROR.rateLimited:
      return rateLimited(method, typeof e.retryAfter === 'number' ? e.retryAfter : undefined);
    case SLACK_ERROR.http: {
      if (isRecord(e.body) && e.body.ok === false && typeof e.body.error === 'string') {
        return slackAnswerError(method, e.body, token);
      }
      const status = typeof e.statusCode === 'number' ? e.statusCode : 0;
      const statusText = typeof e.statusMessage === 'string' && e.statusMessage ? ` ${e.statusMessage}` : '';
      return new ConnectorError(String(status), maskSecrets(`Slack ${method} answered HTTP ${status}${statusText}`, [token]), {
        variables: { method, status },
      });
    }
    case SLACK_ERROR.request:
      return transportError(method, e.original, token);
  }
  const message = error instanceof Error ? error.message : String(error);
  // A 429 without a usable Retry-After: the library gives up with a plain Error.
  if (/rate limit|retry header/i.test(message)) return rateLimited(method, undefined);
  return new ConnectorError(ERROR_CODES.malformedResponse, maskSecrets(`Slack ${method} failed: ${message}`, [token]), {
    variables: { method },
  });
}

function omitUndefined<T extends Record<string, unknown>>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
