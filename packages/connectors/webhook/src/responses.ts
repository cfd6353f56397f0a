/** The answers the connector gives besides a response expression's, in Camunda's shapes. */
import type { CorrelationResult, WebhookResponse } from '@connectorkit/sdk';

/** Why a security check failed, as Camunda names it. */
export type SecurityReason = 'INVALID_SIGNATURE' | 'INVALID_CREDENTIALS' | 'FORBIDDEN';

/** Seconds a caller is asked to wait when the engine is unavailable. */
export const RETRY_AFTER_SECONDS = 5;

const json = (status: number, body: unknown, headers?: Record<string, string>): WebhookResponse => ({
  status,
  headers: { 'content-type': 'application/json', ...headers },
  body,
});

/** 401/403 with Camunda's body: `{"reason":"Reason: INVALID_SIGNATURE. Details: ..."}`. */
export function securityRejection(status: 401 | 403, reason: SecurityReason, details: string): WebhookResponse {
  return json(status, { reason: `Reason: ${reason}. Details: ${details}` });
}

export function methodNotAllowed(method: string): WebhookResponse {
  return json(405, { reason: `Method ${method} not supported` });
}

/** 422 for an expression of the model that failed on this request (Camunda: `{reason, expression}`). */
export function expressionFailed(field: string, message: string): WebhookResponse {
  return json(422, { reason: `${field} failed: ${message}` });
}

export function serviceUnavailable(message: string): WebhookResponse {
  return json(503, { message }, { 'retry-after': String(RETRY_AFTER_SECONDS) });
}

export function internalError(errorId: string): WebhookResponse {
  return json(500, { errorId });
}

/**
 * The answer to a failed correlation; undefined for a success (correlated or ignored), which the
 * response expression answers.
 */
export function correlationFailure(result: CorrelationResult, errorId: () => string): WebhookResponse | undefined {
  if (result.status === 'correlated' || result.status === 'ignored') return undefined;
  switch (result.code) {
    case 'ACTIVATION_CONDITION_NOT_MET':
      return json(422, { consumeUnmatched: false });
    case 'INVALID_INPUT':
      return json(422, { message: result.error });
    case 'ENGINE_UNAVAILABLE':
      return serviceUnavailable('The engine is unavailable; retry later');
    default:
      return internalError(result.errorId ?? errorId());
  }
}
