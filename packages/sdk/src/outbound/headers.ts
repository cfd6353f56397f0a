import { parseIsoDuration } from '../duration.js';
import { checkSyntax } from '../feel/evaluate.js';
import { FeelError } from '../feel/errors.js';

/** Task headers (`zeebe:taskHeader`) an outbound host acts on, as Camunda's runtime names them. */
export const HEADER = {
  resultVariable: 'resultVariable',
  resultExpression: 'resultExpression',
  errorExpression: 'errorExpression',
  retryBackoff: 'retryBackoff',
  jobTimeout: 'jobTimeout',
} as const;

export type HeaderName = (typeof HEADER)[keyof typeof HEADER];

export interface OutboundHeaders {
  /** Stores the whole connector response under this variable name. */
  resultVariable?: string;
  /** FEEL returning a context whose entries become process variables. */
  resultExpression?: string;
  /** FEEL returning `bpmnError(...)`, `jobError(...)`, `ignoreError(...)` or null. */
  errorExpression?: string;
  /** Backoff of a failed job in milliseconds (from the ISO-8601 `retryBackoff`); undefined when not set. */
  retryBackoffMs?: number;
  /** The job's own timeout in milliseconds (from the ISO-8601 `jobTimeout`); undefined when not set. */
  jobTimeoutMs?: number;
}

/** A task header that cannot be used: a configuration error of the model, so no retry can help. */
export class InvalidHeaderError extends Error {
  override readonly name = 'InvalidHeaderError';
  readonly code = 'INVALID_HEADER' as const;
  readonly header: HeaderName;

  constructor(header: HeaderName, message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.header = header;
  }
}

/** A header's value, or undefined when absent or blank (as Camunda treats blank headers). */
function read(headers: Readonly<Record<string, string>>, name: HeaderName): string | undefined {
  const value = headers[name];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function expression(headers: Readonly<Record<string, string>>, name: HeaderName): string | undefined {
  const value = read(headers, name);
  if (value === undefined) return undefined;
  try {
    checkSyntax(value);
  } catch (e) {
    const reason = e instanceof FeelError ? e.message : String(e);
    throw new InvalidHeaderError(name, `Invalid ${name} header: the FEEL expression does not parse: ${reason}`, { cause: e });
  }
  return value;
}

/**
 * Reads and checks the headers before the connector runs: an invalid `retryBackoff` or `jobTimeout`, or an
 * expression that does not parse throws {@link InvalidHeaderError}, so a broken model raises an
 * incident without calling the third-party system first.
 */
export function readOutboundHeaders(headers: Readonly<Record<string, string>>): OutboundHeaders {
  const out: OutboundHeaders = {};
  const resultVariable = read(headers, HEADER.resultVariable);
  if (resultVariable !== undefined) out.resultVariable = resultVariable;
  const resultExpression = expression(headers, HEADER.resultExpression);
  if (resultExpression !== undefined) out.resultExpression = resultExpression;
  const errorExpression = expression(headers, HEADER.errorExpression);
  if (errorExpression !== undefined) out.errorExpression = errorExpression;
  const backoff = duration(headers, HEADER.retryBackoff);
  if (backoff !== undefined) out.retryBackoffMs = backoff;
  const jobTimeout = duration(headers, HEADER.jobTimeout);
  if (jobTimeout !== undefined) {
    if (jobTimeout < 1000) throw new InvalidHeaderError(HEADER.jobTimeout, `Invalid jobTimeout header "${headers[HEADER.jobTimeout]}": it must be at least one second`);
    out.jobTimeoutMs = jobTimeout;
  }
  return out;
}

/** An ISO-8601 duration header in milliseconds; undefined when not set. */
function duration(headers: Readonly<Record<string, string>>, name: typeof HEADER.retryBackoff | typeof HEADER.jobTimeout): number | undefined {
  const text = read(headers, name);
  if (text === undefined) return undefined;
  try {
    return parseIsoDuration(text);
  } catch (e) {
    throw new InvalidHeaderError(name, `Invalid ${name} header "${text}": expected an ISO-8601 duration of weeks, days, hours, minutes or seconds, such as PT30S`, {
      cause: e,
    });
  }
}
