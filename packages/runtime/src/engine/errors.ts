import { CodedError } from '../errors.js';

export type EngineErrorCode =
  /** The engine did not answer in time (down, unreachable, or the credentials are refused). */
  | 'ENGINE_UNREACHABLE'
  /** The job no longer exists or is no longer held by this worker (timed out, cancelled, completed elsewhere). */
  | 'JOB_NOT_FOUND'
  /** The engine refused the command for another reason. */
  | 'ENGINE_REJECTED'
  /** The client is closed. */
  | 'ENGINE_CLOSED';

export class EngineError extends CodedError<EngineErrorCode> {
  override readonly name = 'EngineError';
}

/** gRPC status codes the SDK reports in `code` and as the first word of the message (`5 NOT_FOUND: ...`). */
const NOT_FOUND = 5;
/** The command never reached the engine, or it had no time to answer: nothing was decided about the job. */
const TRANSIENT = new Set([
  1, // CANCELLED
  4, // DEADLINE_EXCEEDED
  8, // RESOURCE_EXHAUSTED (backpressure)
  14, // UNAVAILABLE
  16, // UNAUTHENTICATED
]);

export function grpcCode(e: unknown): number | undefined {
  if (typeof e !== 'object' || e === null) return undefined;
  const code = (e as { code?: unknown }).code;
  if (typeof code === 'number') return code;
  const message = (e as { message?: unknown }).message;
  const m = typeof message === 'string' ? /^(\d+) [A-Z_]+:/.exec(message) : null;
  return m ? Number(m[1]) : undefined;
}

/**
 * The text of what the SDK threw: its message, else the gRPC `details`, else the gRPC status, so a
 * reason is never empty (an error from grpc-js can carry its text in `details` only).
 */
export function errorText(e: unknown): string {
  if (e === null || e === undefined) return String(e);
  if (typeof e !== 'object') return String(e);
  const { message, details, code } = e as { message?: unknown; details?: unknown; code?: unknown };
  const parts: string[] = [];
  if (typeof message === 'string' && message.trim() !== '') parts.push(message.trim());
  if (typeof details === 'string' && details.trim() !== '' && !parts.some((p) => p.includes(details.trim()))) parts.push(details.trim());
  if (parts.length === 0) parts.push(typeof code === 'number' ? `gRPC status ${code}` : e instanceof Error ? e.name : 'unknown error');
  return parts.join(': ');
}

/**
 * Turns what the SDK threw for a job command into an {@link EngineError}: `JOB_NOT_FOUND` for
 * NOT_FOUND, `ENGINE_UNREACHABLE` when the command may not have reached the engine (unavailable,
 * deadline, backpressure, auth), `ENGINE_REJECTED` when the engine refused it (it will refuse it
 * again: for example a completion whose variables are too large).
 */
export function toEngineError(e: unknown, what: string): EngineError {
  if (e instanceof EngineError) return e;
  const status = grpcCode(e);
  const text = errorText(e);
  // RESOURCE_EXHAUSTED is backpressure, except for a message over the gateway's size limit: that one is final.
  const tooLarge = /larger than max|size larger than|message size|too large/i.test(text);
  const code: EngineErrorCode =
    status === NOT_FOUND
      ? 'JOB_NOT_FOUND'
      : status !== undefined && TRANSIENT.has(status) && !tooLarge
        ? 'ENGINE_UNREACHABLE'
        : 'ENGINE_REJECTED';
  return new EngineError(code, `${what}: ${text}`, { cause: e });
}
