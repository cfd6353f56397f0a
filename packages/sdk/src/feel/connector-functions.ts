import type { FeelFunction } from 'feelin';
import { lazyLoad } from '../lazy.js';
import { feelin } from './feelin.js';
import { feelTypeOf, isContext } from './describe.js';
import { durationToMillis } from './duration.js';
import { FeelError } from './errors.js';

/** The key that tags the context a connector function returns. */
export const ERROR_TYPE_KEY = 'errorType';

function tagged(entries: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(entries).filter(([, v]) => v !== undefined));
}

type ConnectorFunctions = Readonly<Record<'bpmnError' | 'jobError' | 'ignoreError', FeelFunction>>;

/** Built on first read (or by the runtime's warm-up): feelin's `FeelFunction` is loaded on first use (see feelin.ts). */
const functions = lazyLoad('FEEL connector functions', (): ConnectorFunctions => {
  const { FeelFunction } = feelin();
  return Object.freeze({
    bpmnError: new FeelFunction(
      (errorCode: unknown, errorMessage: unknown, variables: unknown) =>
        tagged({ [ERROR_TYPE_KEY]: 'bpmnError', errorCode, errorMessage, variables }),
      ['errorCode', 'errorMessage', 'variables'],
    ),
    jobError: new FeelFunction(
      (errorMessage: unknown, variables: unknown, retries: unknown, retryBackoff: unknown) =>
        tagged({ [ERROR_TYPE_KEY]: 'jobError', errorMessage, variables, retries, retryBackoff }),
      ['errorMessage', 'variables', 'retries', 'retryBackoff'],
    ),
    ignoreError: new FeelFunction(
      (variables: unknown) => tagged({ [ERROR_TYPE_KEY]: 'ignoreError', variables }),
      ['variables'],
    ),
  });
});

/**
 * The functions an `errorExpression` calls to say what happens to the job, with Camunda's names and
 * parameter names (so named arguments work too):
 *
 * - `bpmnError(errorCode[, errorMessage[, variables]])`: throw a BPMN error a boundary event can catch;
 * - `jobError(errorMessage[, variables[, retries[, retryBackoff]]])`: fail the job (default 0 retries, no backoff);
 * - `ignoreError([variables])`: complete the job with only these variables.
 *
 * Each returns a context tagged by `errorType`, as Camunda's do; {@link readErrorDirective} reads it.
 */
export const connectorFunctions: ConnectorFunctions = Object.freeze({
  get bpmnError() {
    return functions().bpmnError;
  },
  get jobError() {
    return functions().jobError;
  },
  get ignoreError() {
    return functions().ignoreError;
  },
});

/** What an error expression asked for. */
export type ErrorDirective =
  | { type: 'bpmnError'; errorCode: string; errorMessage: string; variables?: Record<string, unknown> }
  | {
      type: 'jobError';
      errorMessage: string;
      variables: Record<string, unknown>;
      /** Retries left after this failure; 0 raises an incident. */
      retries: number;
      retryBackoffMs: number;
    }
  | { type: 'ignoreError'; variables: Record<string, unknown> };

const invalid = (message: string) => new FeelError('FEEL_INVALID_ARGUMENT', message);

function text(value: unknown, what: string): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw invalid(`${what} must be a string, got a ${feelTypeOf(value)}`);
}

function variables(value: unknown, what: string): Record<string, unknown> | undefined {
  if (value === null || value === undefined) return undefined;
  if (isContext(value)) return value;
  throw invalid(`${what} must be a context, got a ${feelTypeOf(value)}`);
}

function retries(value: unknown): number {
  if (value === null || value === undefined) return 0;
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return value;
  throw invalid(`jobError retries must be a whole number >= 0, got ${typeof value === 'number' ? 'another number' : `a ${feelTypeOf(value)}`}`);
}

/**
 * Reads the result of an error expression. Null or an empty context: no directive (the default
 * path). A `bpmnError` without a code is ignored, as in Camunda. Anything else that is not one of
 * the three functions' results is an error: the model says something the runtime cannot do.
 */
export function readErrorDirective(value: unknown): ErrorDirective | null {
  if (value === null || value === undefined) return null;
  if (!isContext(value)) {
    throw invalid(`must return bpmnError(...), jobError(...), ignoreError(...) or null, got a ${feelTypeOf(value)}`);
  }
  switch (value[ERROR_TYPE_KEY]) {
    case 'bpmnError': {
      // Used as given: boundary events match on the exact code. A blank one means no BPMN error.
      const errorCode = text(value.errorCode, 'bpmnError errorCode');
      if (errorCode === undefined || errorCode.trim() === '') return null;
      const vars = variables(value.variables, 'bpmnError variables');
      return {
        type: 'bpmnError',
        errorCode,
        errorMessage: text(value.errorMessage, 'bpmnError errorMessage') ?? '',
        ...(vars === undefined ? {} : { variables: vars }),
      };
    }
    case 'jobError':
      return {
        type: 'jobError',
        errorMessage: text(value.errorMessage, 'jobError errorMessage') ?? '',
        variables: variables(value.variables, 'jobError variables') ?? {},
        retries: retries(value.retries),
        retryBackoffMs: durationToMillis(value.retryBackoff, 'jobError retryBackoff') ?? 0,
      };
    case 'ignoreError':
      return { type: 'ignoreError', variables: variables(value.variables, 'ignoreError variables') ?? {} };
    default:
      if (Object.keys(value).length === 0) return null;
      throw invalid('must return bpmnError(...), jobError(...), ignoreError(...) or null, got a context that is none of them');
  }
}
