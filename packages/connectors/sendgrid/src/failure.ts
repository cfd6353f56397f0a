/**
 * Maps what @sendgrid/mail throws (or answers, when the status is not 202) to connector errors.
 *
 * The library's errors are never attached as `cause`: axios errors carry the request configuration,
 * Authorization header included. Every message and variable is masked with the API key anyway, in
 * case SendGrid (or a proxy in between) echoes it.
 */
import { ConnectorError, ConnectorInputError, maskSecrets, rateLimitError, TRANSPORT_ERROR_CODES, transportErrorCode } from '@connectorkit/sdk';
import { retryDelayMs, type ResponseHeaders } from './rate-limit.js';

/**
 * Error codes besides the HTTP status (as text) of a SendGrid answer other than 202 (Camunda's
 * SendGrid connector's code, 429 included). Transport failures use the SDK's shared vocabulary.
 */
export const ERROR_CODES = {
  connection: TRANSPORT_ERROR_CODES.connection,
  connectionRefused: TRANSPORT_ERROR_CODES.connectionRefused,
  connectionTimeout: TRANSPORT_ERROR_CODES.connectionTimeout,
  dns: TRANSPORT_ERROR_CODES.dns,
  tls: TRANSPORT_ERROR_CODES.tls,
  timeout: TRANSPORT_ERROR_CODES.timeout,
  cancelled: TRANSPORT_ERROR_CODES.cancelled,
  invalidMail: 'INVALID_MAIL',
} as const;

/** One entry of SendGrid's `errors` list. */
export interface SendGridErrorDetail {
  message: string;
  field: string | null;
}

export interface HttpAnswer {
  status: number;
  body: unknown;
  headers?: ResponseHeaders;
}

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** SendGrid's `{ errors: [{ message, field, help }] }`, from a parsed or a raw JSON body; [] for anything else. */
export function sendGridErrors(body: unknown): SendGridErrorDetail[] {
  let parsed = body;
  if (typeof body === 'string') {
    try {
      parsed = JSON.parse(body);
    } catch {
      return [];
    }
  }
  if (!isRecord(parsed) || !Array.isArray(parsed.errors)) return [];
  return parsed.errors.flatMap((e: unknown) =>
    isRecord(e) && typeof e.message === 'string' && e.message !== ''
      ? [{ message: e.message, field: typeof e.field === 'string' ? e.field : null }]
      : [],
  );
}

/** A SendGrid answer other than 202: the status as code, SendGrid's messages in the message and variables. */
export function answerError(answer: HttpAnswer, apiKey: string): ConnectorError {
  const errors = sendGridErrors(answer.body);
  const details = errors.length > 0 ? `: ${errors.map((e) => e.message).join('; ')}` : ' without error details';
  const variables = maskSecrets({ statusCode: answer.status, errors }, [apiKey]);
  if (answer.status === 429) {
    const backoff = retryDelayMs(answer.headers);
    const wait = backoff === undefined ? '' : ` (retry in ${Math.ceil(backoff / 1000)} s)`;
    return rateLimitError(maskSecrets(`SendGrid rate limit reached, HTTP 429${details}${wait}`, [apiKey]), {
      code: '429',
      ...(backoff === undefined ? {} : { retryAfterMs: backoff }),
      variables,
    });
  }
  return new ConnectorError(String(answer.status), maskSecrets(`SendGrid answered HTTP ${answer.status}${details}`, [apiKey]), {
    variables,
  });
}

/** What axios (through @sendgrid/client) rejects with: an HTTP answer or a transport failure. */
function httpAnswerOf(error: Record<string, unknown>): HttpAnswer | undefined {
  const response = error.response;
  if (!isRecord(response)) return undefined;
  const headers = isRecord(response.headers) ? response.headers : undefined;
  // @sendgrid/client's ResponseError: { code: status, response: { headers, body } }.
  if (typeof error.code === 'number') return { status: error.code, body: response.body, headers };
  // A raw axios error (an answer below 400, such as a redirect axios did not follow).
  if (typeof response.status === 'number') return { status: response.status, body: response.data, headers };
  return undefined;
}

/** Turns anything `send` rejects with into a connector error. */
export function sendFailure(error: unknown, apiKey: string): ConnectorError {
  if (error instanceof ConnectorError) return error;
  const record = isRecord(error) ? error : {};
  const answer = httpAnswerOf(record);
  if (answer) return answerError(answer, apiKey);

  const reason = typeof record.code === 'string' ? record.code : undefined;
  const text = maskSecrets(error instanceof Error ? error.message : String(error), [apiKey]);
  const transport = transportErrorCode(reason);
  if (transport === TRANSPORT_ERROR_CODES.cancelled) {
    return new ConnectorError(ERROR_CODES.cancelled, 'Sending the mail was cancelled before SendGrid answered; it may or may not have been sent');
  }
  if (transport === TRANSPORT_ERROR_CODES.timeout) {
    return new ConnectorError(ERROR_CODES.timeout, `SendGrid did not answer in time (${reason})`, { variables: { reason } });
  }
  if (record.isAxiosError === true) {
    return new ConnectorError(transport ?? ERROR_CODES.connection, `Could not reach SendGrid (${reason ?? 'network error'}): ${text}`, {
      variables: { reason: reason ?? null },
    });
  }
  // The mail helper refuses the data before sending (a shape validation let through).
  return new ConnectorInputError(`SendGrid client refused the mail: ${text}`, { code: ERROR_CODES.invalidMail });
}
