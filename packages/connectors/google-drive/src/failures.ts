/**
 * Turns a failed Google call into what the runtime acts on: a retry error with the Retry-After as
 * backoff for a rate limit, a connector error otherwise; each written to the activity log (and
 * health) first. Secrets never reach a message: Google's error texts name no credential values.
 */
import { ConnectorError, ConnectorInputError, ConnectorRetryError, type InboundContext } from '@connectorkit/sdk';
import { classifyFailure } from './drive-errors.js';

export const ERROR_CODES = {
  rateLimited: 'RATE_LIMITED',
  authentication: 'AUTHENTICATION_FAILED',
  drive: 'DRIVE_API_ERROR',
} as const;

/** The error to throw from `poll` for `error` (already logged). */
export function pollFailure(ctx: InboundContext<unknown>, error: unknown): Error {
  if (error instanceof ConnectorInputError) {
    ctx.log({ severity: 'error', tag: 'Configuration', message: error.message });
    ctx.reportHealth({ status: 'DOWN', error: { code: error.code, message: error.message } });
    return error;
  }
  if (error instanceof ConnectorError || ctx.signal.aborted) return error instanceof Error ? error : new Error(String(error));
  const failure = classifyFailure(error);
  switch (failure.kind) {
    case 'rate-limit': {
      const wait = failure.retryAfterMs === undefined ? '' : `; Google asks to retry after ${Math.ceil(failure.retryAfterMs / 1000)} s`;
      const message = `Drive rate limit (${failure.status} ${failure.reason}): ${failure.message}${wait}`;
      ctx.log({
        severity: 'warning',
        tag: 'Rate limit',
        message,
        data: { status: failure.status, reason: failure.reason, retryAfterMs: failure.retryAfterMs },
      });
      return new ConnectorRetryError(message, { code: ERROR_CODES.rateLimited, backoff: failure.retryAfterMs, cause: error });
    }
    case 'auth': {
      const message = `Google refused the credentials (check the Authentication properties): ${failure.message}`;
      ctx.log({ severity: 'error', tag: 'Authentication', message, data: { status: failure.status } });
      ctx.reportHealth({ status: 'DOWN', error: { code: ERROR_CODES.authentication, message } });
      return new ConnectorError(ERROR_CODES.authentication, message, { cause: error });
    }
    default: {
      const message = `Drive request failed${failure.status ? ` (${failure.status})` : ''}: ${failure.message}`;
      ctx.log({ severity: 'error', tag: 'Drive', message, data: { status: failure.status } });
      ctx.reportHealth({ status: 'DOWN', error: { code: ERROR_CODES.drive, message } });
      return new ConnectorError(ERROR_CODES.drive, message, { cause: error });
    }
  }
}
