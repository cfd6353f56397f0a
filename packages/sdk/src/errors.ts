import { toMillis } from './duration.js';

export type ErrorVariables = Record<string, unknown>;

/** One invalid field: its dotted path and the rule it broke. Never carries the value. */
export interface FieldIssue {
  field: string;
  rule: string;
}

/**
 * A failure the process may handle: the runtime fails the job with `retries - 1` and the task's
 * `retryBackoff`, and its `errorExpression` sees `error.code`, `error.message` and `error.variables`.
 */
export class ConnectorError extends Error {
  override readonly name: string = 'ConnectorError';
  readonly code: string;
  readonly variables: ErrorVariables | undefined;

  constructor(code: string, message: string, options: { variables?: ErrorVariables; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.variables = options.variables;
  }
}

/**
 * Bad configuration or input: retrying cannot help, so the runtime fails the job with no retries
 * left and the incident names the fields.
 */
export class ConnectorInputError extends ConnectorError {
  override readonly name: string = 'ConnectorInputError';
  readonly issues: readonly FieldIssue[];

  constructor(message: string, options: { issues?: readonly FieldIssue[]; cause?: unknown; code?: string } = {}) {
    super(options.code ?? 'INVALID_INPUT', message, { cause: options.cause });
    this.issues = options.issues ?? [];
  }

  /** One error listing every invalid field: `Invalid input: url: is required; method: must be one of ...`. */
  static fromIssues(issues: readonly FieldIssue[]): ConnectorInputError {
    const text = issues.map((i) => `${i.field}: ${i.rule}`).join('; ');
    return new ConnectorInputError(`Invalid input: ${text}`, { issues });
  }
}

/** A failure the connector wants retried on its own terms (retries left and backoff). */
export class ConnectorRetryError extends ConnectorError {
  override readonly name: string = 'ConnectorRetryError';
  /** Retries left after this failure; undefined: the job's retries minus one. */
  readonly retries: number | undefined;
  /** Backoff before the next try in milliseconds; undefined: the task's `retryBackoff`. */
  readonly backoffMs: number | undefined;

  constructor(
    message: string,
    options: { retries?: number; backoff?: number | string; code?: string; variables?: ErrorVariables; cause?: unknown } = {},
  ) {
    super(options.code ?? 'RETRY', message, { variables: options.variables, cause: options.cause });
    if (options.retries !== undefined && (!Number.isInteger(options.retries) || options.retries < 0)) {
      throw new RangeError(`retries must be a whole number >= 0, got ${options.retries}`);
    }
    this.retries = options.retries;
    this.backoffMs = options.backoff === undefined ? undefined : toMillis(options.backoff);
  }
}

export function isConnectorError(e: unknown): e is ConnectorError {
  return e instanceof ConnectorError;
}
