
/** Why a FEEL expression could not be used. Messages never carry the values of the evaluation context. */
export type FeelErrorCode =
  /** The expression does not parse. */
  | 'FEEL_SYNTAX_ERROR'
  /** The expression parses but its evaluation failed (unknown function, wrong arguments, ...). */
  | 'FEEL_EVALUATION_ERROR'
  /** A connector function (`bpmnError`, `jobError`, `ignoreError`) or its result was given an unusable value. */
  | 'FEEL_INVALID_ARGUMENT';

export interface SourcePosition {
  from: number;
  to: number;
}

export class FeelError extends Error {
  readonly code: FeelErrorCode;
  override readonly name = 'FeelError';
  /** Where in the expression (after the leading `=` was removed) the problem is, when known. */
  readonly position: SourcePosition | undefined;

  constructor(code: FeelErrorCode, message: string, options: { position?: SourcePosition; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.position = options.position;
  }
}
