/**
 * The model's response expressions, evaluated per request: the verification expression (a
 * challenge answered before correlation), the response expression (after correlation) and the
 * legacy response body expression of templates before version 11.
 */
import { evaluateExpression, FeelError, isContext, type CorrelationResult, type InboundElementInfo, type WebhookResponse } from '@connectorkit/sdk';
import type { MappedRequest } from './request.js';

/** An expression of the model that failed on this request; `field` names the property. */
export class ExpressionError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

function evaluate(field: string, expression: string, variables: Record<string, unknown>): unknown {
  try {
    return evaluateExpression(expression, variables);
  } catch (e) {
    throw new ExpressionError(field, e instanceof FeelError ? e.message : 'evaluation failed');
  }
}

function statusOf(field: string, value: unknown): number {
  if (value === undefined || value === null) return 200;
  const n = typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 100 || n > 599) {
    throw new ExpressionError(field, 'statusCode must be an HTTP status code (a whole number from 100 to 599)');
  }
  return n;
}

function headersOf(field: string, value: unknown): Record<string, string> | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isContext(value)) throw new ExpressionError(field, 'headers must be a context of header names to values');
  const headers: Record<string, string> = {};
  for (const [name, v] of Object.entries(value)) {
    if (v === null || v === undefined) continue;
    if (typeof v === 'object') throw new ExpressionError(field, `header "${name}" must be a string, number or boolean`);
    headers[name.toLowerCase()] = String(v);
  }
  return headers;
}

/** `{body, statusCode, headers}` as a response; null gives undefined (nothing to answer). */
function toResponse(field: string, value: unknown): WebhookResponse | undefined {
  if (value === null || value === undefined) return undefined;
  if (!isContext(value)) throw new ExpressionError(field, 'must give a context {body, statusCode, headers} or null');
  const response: WebhookResponse = { status: statusOf(field, value.statusCode) };
  const headers = headersOf(field, value.headers);
  if (headers) response.headers = headers;
  if (value.body !== undefined && value.body !== null) response.body = value.body;
  return response;
}

/** The verification expression over `{request}`: a response answers the request, undefined goes on. */
export function verificationResponse(expression: string, request: MappedRequest): WebhookResponse | undefined {
  return toResponse('inbound.verificationExpression', evaluate('inbound.verificationExpression', expression, { request }));
}

/** What `correlation` holds in a response expression: the outcome of a correlation that happened, else null. */
export function correlationVariable(result: CorrelationResult, elements: readonly InboundElementInfo[]): Record<string, unknown> | null {
  if (result.status !== 'correlated') return null;
  const element = elements.find((e) => e.elementId === result.elementId && (!result.bpmnProcessId || e.bpmnProcessId === result.bpmnProcessId));
  const fields = {
    processInstanceKey: result.processInstanceKey,
    messageKey: result.messageKey,
    elementId: result.elementId,
    bpmnProcessId: result.bpmnProcessId,
    tenantId: element?.tenantId,
    duplicate: result.duplicate ?? false,
  };
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
}

export interface ResponseExpressions {
  responseExpression?: string;
  responseBodyExpression?: string;
}

/**
 * The answer after a successful correlation: the response expression over `{request,
 * connectorData, correlation}`, else the legacy body expression as a 200, else 200 empty.
 */
export function successResponse(expressions: ResponseExpressions, variables: Record<string, unknown>): WebhookResponse {
  if (expressions.responseExpression !== undefined) {
    return toResponse('inbound.responseExpression', evaluate('inbound.responseExpression', expressions.responseExpression, variables)) ?? { status: 200 };
  }
  if (expressions.responseBodyExpression !== undefined) {
    const body = evaluate('inbound.responseBodyExpression', expressions.responseBodyExpression, variables);
    return body === null || body === undefined ? { status: 200 } : { status: 200, body };
  }
  return { status: 200 };
}
