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

function grpcCode(e: unknown): number | undefined {
  if (typeof e !== 'object' || e === null) return undefined;
  const code = (e as { code?: unknown }).code;
  if (typeof code === 'number') return code;
  const message = (e as { message?: unknown }).message;
  const m = typeof message === 'string' ? /^(\d+) [A-Z_]+:/.exec(message) : null;
  return m ? Number(m[1]) : undefined;
}

/** Turns what the SDK threw for a job command into an {@link EngineError}. */
export function toEngineError(e: unknown, what: string): EngineError {
  if (e instanceof EngineError) return e;
  const message = e instanceof Error ? e.message : String(e);
  const code: EngineErrorCode = grpcCode(e) === NOT_FOUND ? 'JOB_NOT_FOUND' : 'ENGINE_REJECTED';
  return new EngineError(code, `${what}: ${message}`, { cause: e });
}
