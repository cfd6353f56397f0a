import { maskSecrets } from '../secrets.js';

/** What to tell the engine about an activated job. The worker maps it to a job command. */
export type JobOutcome =
  | { action: 'complete'; variables: Record<string, unknown> }
  | {
      action: 'fail';
      errorMessage: string;
      /** Retries left; 0 raises an incident. */
      retries: number;
      retryBackoffMs: number;
      /** Set on the task's local scope with the failure (`error` describes it). */
      variables?: Record<string, unknown>;
    }
  | { action: 'error'; errorCode: string; errorMessage: string; variables?: Record<string, unknown> };

/** Why the outcome is what it is: for metrics and logs. */
export type OutcomeKind =
  /** The connector succeeded and the job completes. */
  | 'completed'
  /** The connector failed; the job fails with the default retry policy (or the connector's own). */
  | 'failed'
  /** Bad input: a field that does not validate or a missing secret. No retries. */
  | 'input-error'
  /** The error expression threw a BPMN error. */
  | 'bpmn-error'
  /** The error expression failed the job with `jobError(...)`. */
  | 'job-error'
  /** The error expression completed the job with `ignoreError(...)`. */
  | 'ignored-error'
  /** A result or error expression did not evaluate, or returned something unusable. No retries. */
  | 'expression-error'
  /** A task header cannot be used (for example `retryBackoff`). No retries. */
  | 'invalid-header'
  /** The connector returned a value that cannot become process variables. No retries. */
  | 'invalid-result';

export type KindedOutcome = JobOutcome & { kind: OutcomeKind };

/** Zeebe refuses enormous error messages; Camunda's runtime cuts them at this length. */
export const MAX_ERROR_MESSAGE_LENGTH = 6000;

export function truncateMessage(message: string): string {
  if (message.length <= MAX_ERROR_MESSAGE_LENGTH) return message;
  let end = MAX_ERROR_MESSAGE_LENGTH;
  const last = message.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1; // do not split a surrogate pair
  return message.slice(0, end);
}

const wholeOrZero = (n: number, round: (n: number) => number) => (Number.isFinite(n) ? Math.max(0, round(n)) : 0);

/**
 * The last step before an outcome leaves the runtime: secret values are masked in messages and in
 * the variables of every failure path (masking before truncating, so no secret is left half
 * visible), messages are cut to {@link MAX_ERROR_MESSAGE_LENGTH}, retries and backoff are made
 * whole and non-negative. A plain completion is left as is: it carries the connector's response.
 */
export function sealOutcome(outcome: KindedOutcome, secrets: readonly string[]): KindedOutcome {
  const mask = <T>(value: T): T => maskSecrets(value, secrets);
  switch (outcome.action) {
    case 'complete':
      return outcome.kind === 'completed' ? outcome : { ...outcome, variables: mask(outcome.variables) };
    case 'fail':
      return {
        ...outcome,
        errorMessage: truncateMessage(mask(outcome.errorMessage)),
        retries: wholeOrZero(outcome.retries, Math.floor),
        retryBackoffMs: wholeOrZero(outcome.retryBackoffMs, Math.round),
        ...(outcome.variables === undefined ? {} : { variables: mask(outcome.variables) }),
      };
    case 'error':
      return {
        ...outcome,
        errorMessage: truncateMessage(mask(outcome.errorMessage)),
        ...(outcome.variables === undefined ? {} : { variables: mask(outcome.variables) }),
      };
  }
}
