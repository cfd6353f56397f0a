/**
 * One outbound job, from its variables and task headers to what the engine is told: the same code
 * for the runtime's workers and for the testing kit's `runOutboundJob`, so a connector author sees
 * exactly the outcome the runtime would send (result and error expressions, retries and backoff).
 */
import type { ConnectorLogger, JobInfo } from '../context.js';
import type { OutboundConnector } from '../definition.js';
import type { PropertyMap } from '../properties.js';
import { ConnectorError, ConnectorInputError, ConnectorRetryError } from '../errors.js';
import { connectorFunctions, readErrorDirective, type ErrorDirective } from '../feel/connector-functions.js';
import { feelTypeOf, isContext } from '../feel/describe.js';
import { isPlainJson } from '../json.js';
import { evaluateFeel, type FeelContext } from '../feel/evaluate.js';
import { maskingLogger, maskSecrets, MIN_MASKED_LENGTH, type SecretProvider } from '../secrets.js';
import { prepareInput } from '../validation.js';
import { HEADER, InvalidHeaderError, readOutboundHeaders, type OutboundHeaders } from './headers.js';
import { sealOutcome, type KindedOutcome } from './outcome.js';

export interface OutboundJobDeps {
  secrets: SecretProvider;
  /** Identifies the job on every line (the runtime passes its job logger). */
  logger: ConnectorLogger;
  /** Passed to the connector: fires on shutdown or when the job is about to time out. */
  signal: AbortSignal;
}

export interface OutboundJob {
  info: JobInfo;
  /** The job's variables (after the task's input mappings). */
  variables: Record<string, unknown>;
}

/** A failure as the error expression sees it (`error.code`, `error.message`, ...). */
export interface ErrorInfo {
  /** The error's class name (`ConnectorError`, `TypeError`, ...); `UnknownError` for a thrown non-Error. */
  type: string;
  message: string;
  code?: string;
  variables?: Record<string, unknown>;
}

class ExpressionError extends Error {
  override readonly name = 'ExpressionError';
  readonly code = 'EXPRESSION_FAILED';
}

/**
 * Runs one outbound job: reads the task headers, binds the variables (secrets replaced, input
 * validated), calls the connector, applies `resultVariable` / `resultExpression` and
 * `errorExpression` and `retryBackoff`, and says what to tell the engine. Never throws: every path
 * yields an outcome, so the job is always acknowledged. Messages and variables of failures never
 * carry a secret.
 */
export async function executeOutboundJob<Props extends PropertyMap, R>(
  connector: OutboundConnector<Props, R>,
  job: OutboundJob,
  deps: OutboundJobDeps,
): Promise<KindedOutcome> {
  const secretsUsed: string[] = [];
  try {
    return sealOutcome(await run(connector, job, deps, secretsUsed), secretsUsed);
  } catch (e) {
    return lastResort(job.info, e, secretsUsed);
  }
}

async function run<Props extends PropertyMap, R>(
  connector: OutboundConnector<Props, R>,
  job: OutboundJob,
  deps: OutboundJobDeps,
  secretsUsed: string[],
): Promise<KindedOutcome> {
  const { info } = job;
  let headers: OutboundHeaders;
  try {
    headers = readOutboundHeaders(info.customHeaders ?? {});
  } catch (e) {
    if (!(e instanceof InvalidHeaderError)) throw e;
    const kind = e.header === HEADER.retryBackoff ? 'invalid-header' : 'expression-error';
    return { action: 'fail', kind, errorMessage: e.message, retries: 0, retryBackoffMs: 0 };
  }

  let response: unknown;
  // Reads secretsUsed on every line: what is resolved or marked sensitive later is masked too.
  const log = maskingLogger(deps.logger, secretsUsed);
  try {
    // The secrets resolved land in secretsUsed before validation: masked even when it fails.
    const { input } = await prepareInput(connector.properties, job.variables ?? {}, deps.secrets, secretsUsed);
    response = await connector.execute({ input, job: info, log, signal: deps.signal, sensitive: markSensitive(secretsUsed), secretsUsed });
  } catch (thrown) {
    return onFailure(thrown, info, headers, secretsUsed, log);
  }
  return onSuccess(response, info, headers, log);
}

function onSuccess(response: unknown, info: JobInfo, headers: OutboundHeaders, logger: ConnectorLogger): KindedOutcome {
  const json = toJson(response);
  if (!json.ok) {
    return failNow('invalid-result', `The connector returned a value that cannot be stored as process variables: ${json.reason}`);
  }
  const variables: Record<string, unknown> = {};
  if (headers.resultVariable !== undefined) variables[headers.resultVariable] = json.value;
  try {
    if (headers.resultExpression !== undefined) {
      Object.assign(variables, mapResult(headers.resultExpression, json.value, info, logger));
    }
    if (headers.errorExpression !== undefined) {
      const subject = Object.keys(variables).length > 0 ? variables : json.value;
      const directive = examine(headers.errorExpression, subject, info, logger);
      if (directive) return fromDirective(directive);
    }
  } catch (e) {
    if (e instanceof ExpressionError) return failNow('expression-error', e.message);
    throw e;
  }
  return { action: 'complete', kind: 'completed', variables };
}

function onFailure(
  thrown: unknown,
  info: JobInfo,
  headers: OutboundHeaders,
  secretsUsed: readonly string[],
  logger: ConnectorLogger,
): KindedOutcome {
  const error = maskSecrets(describeThrown(thrown), secretsUsed);
  if (headers.errorExpression !== undefined) {
    try {
      const directive = examine(headers.errorExpression, { error }, info, logger);
      if (directive) return fromDirective(directive);
    } catch (e) {
      if (e instanceof ExpressionError) return failNow('expression-error', e.message);
      throw e;
    }
  }
  const headerBackoff = headers.retryBackoffMs ?? 0;
  const variables = { error };
  if (isInputError(thrown)) {
    return { action: 'fail', kind: 'input-error', errorMessage: error.message, retries: 0, retryBackoffMs: headerBackoff, variables };
  }
  const own = retryPolicy(thrown);
  return {
    action: 'fail',
    kind: 'failed',
    errorMessage: error.message,
    retries: own?.retries ?? info.retries - 1,
    retryBackoffMs: own?.backoffMs ?? headerBackoff,
    variables,
  };
}

/** Evaluates the result expression: a context whose entries become variables, or null for none. */
function mapResult(expression: string, response: unknown, info: JobInfo, logger: ConnectorLogger): Record<string, unknown> {
  const value = evaluate(HEADER.resultExpression, expression, expressionContext(response), info, logger);
  if (value === null) return {};
  if (!isContext(value)) {
    throw new ExpressionError(`resultExpression must return a context, got a ${feelTypeOf(value)}`);
  }
  return value;
}

/** Evaluates the error expression: what to do instead of the default path, or null. */
function examine(expression: string, subject: unknown, info: JobInfo, logger: ConnectorLogger): ErrorDirective | null {
  const context = { ...expressionContext(subject), job: { retries: info.retries }, ...connectorFunctions };
  const value = evaluate(HEADER.errorExpression, expression, context, info, logger);
  try {
    return readErrorDirective(value);
  } catch (e) {
    throw new ExpressionError(`errorExpression: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** The result's top-level fields merged with `{ response }`, as Camunda builds it. */
function expressionContext(subject: unknown): FeelContext {
  return { ...(isContext(subject) ? subject : {}), response: subject };
}

/** Runs an expression; the result is JSON (dates and durations as ISO strings). */
function evaluate(header: string, expression: string, context: FeelContext, info: JobInfo, logger: ConnectorLogger): unknown {
  let value: unknown;
  try {
    const result = evaluateFeel(expression, context);
    if (result.warnings.length > 0) logger.debug({ jobKey: info.key, header, warnings: result.warnings }, `${header} evaluated with warnings`);
    value = result.value;
  } catch (e) {
    throw new ExpressionError(`${header} failed: ${e instanceof Error ? e.message : String(e)}`);
  }
  const json = toJson(value);
  if (!json.ok) throw new ExpressionError(`${header} returned a value that is not JSON: ${json.reason}`);
  return json.value;
}

function fromDirective(directive: ErrorDirective): KindedOutcome {
  switch (directive.type) {
    case 'bpmnError':
      return {
        action: 'error',
        kind: 'bpmn-error',
        errorCode: directive.errorCode,
        errorMessage: directive.errorMessage,
        ...(directive.variables === undefined ? {} : { variables: directive.variables }),
      };
    case 'jobError':
      return {
        action: 'fail',
        kind: 'job-error',
        errorMessage: directive.errorMessage,
        retries: directive.retries,
        retryBackoffMs: directive.retryBackoffMs,
        // Camunda stores the message in `error` beside the given variables.
        variables: { ...directive.variables, error: directive.errorMessage },
      };
    case 'ignoreError':
      return { action: 'complete', kind: 'ignored-error', variables: directive.variables };
  }
}

function failNow(kind: 'expression-error' | 'invalid-result', errorMessage: string): KindedOutcome {
  return { action: 'fail', kind, errorMessage, retries: 0, retryBackoffMs: 0 };
}

// Connector errors are recognised by name as well as by class: a connector package may bring its
// own copy of the SDK, whose classes are not ours.
const CONNECTOR_ERROR_NAMES = new Set(['ConnectorError', 'ConnectorInputError', 'ConnectorRetryError']);

function isInputError(e: unknown): boolean {
  return e instanceof ConnectorInputError || (e instanceof Error && e.name === 'ConnectorInputError');
}

function retryPolicy(e: unknown): { retries?: number; backoffMs?: number } | undefined {
  if (!(e instanceof ConnectorRetryError) && !(e instanceof Error && e.name === 'ConnectorRetryError')) return undefined;
  const { retries, backoffMs } = e as { retries?: unknown; backoffMs?: unknown };
  return {
    ...(typeof retries === 'number' ? { retries } : {}),
    ...(typeof backoffMs === 'number' ? { backoffMs } : {}),
  };
}

/** Turns anything thrown into the `error` the error expression and the incident see. */
export function describeThrown(thrown: unknown): ErrorInfo {
  if (thrown instanceof Error) {
    const type = thrown.name || 'Error';
    const info: ErrorInfo = { type, message: thrown.message || type };
    if (thrown instanceof ConnectorError || CONNECTOR_ERROR_NAMES.has(thrown.name)) {
      const { code, variables } = thrown as { code?: unknown; variables?: unknown };
      if (typeof code === 'string') info.code = code;
      if (variables !== undefined && variables !== null) {
        const json = toJson(variables);
        if (json.ok && isContext(json.value)) info.variables = json.value;
      }
    }
    return info;
  }
  return { type: 'UnknownError', message: nonErrorMessage(thrown) };
}

function nonErrorMessage(thrown: unknown): string {
  if (typeof thrown === 'string') return thrown.trim() === '' ? 'The connector threw an empty string' : thrown;
  if (thrown === null || thrown === undefined) return `The connector threw ${String(thrown)}`;
  if (typeof thrown === 'object' && typeof (thrown as { message?: unknown }).message === 'string') {
    return (thrown as { message: string }).message;
  }
  const json = toJson(thrown);
  const shown = json.ok && json.value !== null ? JSON.stringify(json.value) : String(thrown);
  return `The connector threw a value that is not an Error: ${shown}`;
}

type JsonResult = { ok: true; value: unknown } | { ok: false; reason: string };

/** The value as process variables will hold it (a JSON round trip): undefined becomes null. */
function toJson(value: unknown): JsonResult {
  if (value === undefined) return { ok: true, value: null };
  try {
    // Already what the round trip would give (the usual case: a parsed HTTP response): no copy.
    if (isPlainJson(value)) return { ok: true, value };
    const text = JSON.stringify(value);
    return { ok: true, value: text === undefined ? null : JSON.parse(text) };
  } catch (e) {
    return { ok: false, reason: e instanceof Error ? e.message : String(e) };
  }
}

/**
 * The context's `sensitive`: a value the connector obtained at run time (an OAuth access token, a
 * signed URL) is masked from then on like a secret, in every spelling, in logs, messages and the
 * variables of failures.
 */
export function markSensitive(into: string[]): <V extends string | undefined | null>(value: V) => V {
  return (value) => {
    if (typeof value === 'string' && value.length >= MIN_MASKED_LENGTH && !into.includes(value)) into.push(value);
    return value;
  };
}

/** If building the outcome itself failed: fail the job with nothing from the job in the message. */
function lastResort(info: JobInfo, e: unknown, secretsUsed: readonly string[]): KindedOutcome {
  let reason = 'unknown error';
  try {
    reason = maskSecrets(e instanceof Error ? `${e.name}: ${e.message}` : String(e), secretsUsed).slice(0, 1000);
  } catch {
    // keep the generic reason
  }
  const retries = Number.isFinite(info?.retries) ? Math.max(0, info.retries - 1) : 0;
  return {
    action: 'fail',
    kind: 'failed',
    errorMessage: `The connector runtime failed while handling the job: ${reason}`,
    retries,
    retryBackoffMs: 0,
  };
}
