import { randomUUID } from 'node:crypto';
import {
  evaluateFeel,
  feelTypeOf,
  isContext,
  parseIsoDuration,
  toMillis,
  type CorrelateOptions,
  type CorrelationResult,
} from '@connectorkit/sdk';
import { grpcStatus, type InboundEngine } from '../engine/inbound.js';
import type { DiscoveredElement } from './discovery.js';


/** Camunda's default message TTL for inbound connectors. */
export const DEFAULT_MESSAGE_TTL_MS = 3_600_000;

const GRPC = { INVALID_ARGUMENT: 3, DEADLINE_EXCEEDED: 4, NOT_FOUND: 5, ALREADY_EXISTS: 6, RESOURCE_EXHAUSTED: 8, UNAVAILABLE: 14 } as const;

const text = (v: string | undefined): string | undefined => (v === undefined || v.trim() === '' ? undefined : v);

class CorrelationInputError extends Error {}

function evaluate(expression: string, variables: Record<string, unknown>, what: string): unknown {
  try {
    return evaluateFeel(expression, variables).value;
  } catch (e) {
    throw new CorrelationInputError(`${what}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** Whether the element's activation condition holds for the event (no condition: it holds). */
export function activationHolds(element: DiscoveredElement, variables: Record<string, unknown>): boolean {
  const condition = text(element.properties.activationCondition ?? element.properties['inbound.activationCondition']);
  if (condition === undefined) return true;
  return evaluate(condition, variables, 'activationCondition') === true;
}

/** The variables the process gets: `resultVariable` and/or `resultExpression` over the event; none if neither. */
export function mapResult(element: DiscoveredElement, variables: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const resultVariable = text(element.properties.resultVariable);
  if (resultVariable !== undefined) out[resultVariable] = variables;
  const resultExpression = text(element.properties.resultExpression);
  if (resultExpression !== undefined) {
    const value = evaluate(resultExpression, variables, 'resultExpression');
    if (value !== null && value !== undefined) {
      if (!isContext(value)) throw new CorrelationInputError(`resultExpression must return a context, got a ${feelTypeOf(value)}`);
      Object.assign(out, value);
    }
  }
  return out;
}

function messageTtlMs(element: DiscoveredElement): number {
  const ttl = text(element.properties.messageTtl);
  if (ttl === undefined) return DEFAULT_MESSAGE_TTL_MS;
  try {
    return toMillis(parseIsoDuration(ttl));
  } catch {
    throw new CorrelationInputError(`messageTtl '${ttl}' is not an ISO-8601 duration (for example PT1H)`);
  }
}

function asKey(value: unknown, what: string, expression: string): string {
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  throw new CorrelationInputError(`${what} '${expression}' found no value in the event (got ${feelTypeOf(value)})`);
}

/** What two elements do with an event; equal signatures let several matching elements share one command. */
function signature(e: DiscoveredElement): string {
  const p = e.properties;
  if (e.element === 'start') return `start:${e.tenantId}:${e.bpmnProcessId}:${e.version}`;
  return JSON.stringify([e.tenantId, e.messageName, p.correlationKeyExpression, p.messageIdExpression, p.messageTtl, p.resultVariable, p.resultExpression]);
}

export interface CorrelateDeps {
  engine: InboundEngine;
  /** Called with the error id and the cause of an unexpected failure (to log it). */
  onInternalError?(errorId: string, error: unknown): void;
}

/**
 * Correlates one event for a running inbound connector, as Camunda's runtime does: activation
 * conditions pick the element (several may match only when they would send the same command),
 * result mapping, then a new instance (none start event) or a published message (message start,
 * intermediate, boundary, receive) with its correlation key, message id and TTL. Never throws.
 */
export async function correlateEvent(
  elements: readonly DiscoveredElement[],
  variables: Record<string, unknown>,
  options: CorrelateOptions,
  deps: CorrelateDeps,
): Promise<CorrelationResult> {
  let target: DiscoveredElement;
  let command: { kind: 'start' } | { kind: 'message'; name: string; correlationKey: string; messageId?: string; ttlMs: number };
  let mapped: Record<string, unknown>;
  try {
    const matching = elements.filter((e) => activationHolds(e, variables));
    if (matching.length === 0) {
      const consume = elements.some((e) => e.properties.consumeUnmatchedEvents === 'true');
      const reason = 'no activation condition holds for the event';
      return consume ? { status: 'ignored', reason } : { status: 'failed-permanent', code: 'ACTIVATION_CONDITION_NOT_MET', error: reason };
    }
    const signatures = new Set(matching.map(signature));
    if (signatures.size > 1) {
      const ids = matching.map((e) => `${e.bpmnProcessId} v${e.version} ${e.elementId}`).join(', ');
      return { status: 'failed-permanent', code: 'INVALID_INPUT', error: `several elements take the event and would handle it differently: ${ids}` };
    }
    // The newest version among equivalent elements.
    target = matching.reduce((a, b) => (b.version > a.version ? b : a));
    mapped = mapResult(target, variables);
    if (target.element === 'start') {
      command = { kind: 'start' };
    } else {
      const keyExpression = text(target.properties.correlationKeyExpression);
      let correlationKey = '';
      if (keyExpression !== undefined) {
        correlationKey = asKey(evaluate(keyExpression, variables, 'correlationKeyExpression'), 'correlationKeyExpression', keyExpression);
      } else if (target.element !== 'message-start') {
        return { status: 'failed-permanent', code: 'INVALID_INPUT', error: `element ${target.elementId} has no correlationKeyExpression` };
      }
      const idExpression = text(target.properties.messageIdExpression);
      const messageId =
        idExpression !== undefined ? asKey(evaluate(idExpression, variables, 'messageIdExpression'), 'messageIdExpression', idExpression) : options.messageId;
      if (target.messageName === undefined || target.messageName === '') {
        return { status: 'failed-permanent', code: 'INVALID_INPUT', error: `element ${target.elementId} has no message name` };
      }
      command = { kind: 'message', name: target.messageName, correlationKey, ...(messageId ? { messageId } : {}), ttlMs: messageTtlMs(target) };
    }
  } catch (e) {
    if (e instanceof CorrelationInputError) return { status: 'failed-permanent', code: 'INVALID_INPUT', error: e.message };
    return internal(e, deps);
  }

  const where = { elementId: target.elementId, bpmnProcessId: target.bpmnProcessId };
  try {
    if (command.kind === 'start') {
      const r = await deps.engine.createProcessInstance({
        bpmnProcessId: target.bpmnProcessId,
        version: target.version,
        variables: mapped,
        tenantId: target.tenantId,
      });
      return { status: 'correlated', processInstanceKey: r.processInstanceKey, ...where };
    }
    const r = await deps.engine.publishMessage({
      name: command.name,
      correlationKey: command.correlationKey,
      ...(command.messageId ? { messageId: command.messageId } : {}),
      timeToLiveMs: command.ttlMs,
      variables: mapped,
      tenantId: target.tenantId,
    });
    return { status: 'correlated', messageKey: r.messageKey, ...where };
  } catch (e) {
    return engineFailure(e, deps);
  }
}

function engineFailure(e: unknown, deps: CorrelateDeps): CorrelationResult {
  const status = grpcStatus(e);
  const message = e instanceof Error ? e.message : String(e);
  switch (status) {
    case GRPC.ALREADY_EXISTS:
      // A message with this id is still buffered: the event was delivered before.
      return { status: 'correlated', duplicate: true };
    case GRPC.UNAVAILABLE:
    case GRPC.DEADLINE_EXCEEDED:
    case GRPC.RESOURCE_EXHAUSTED:
      return { status: 'failed-retryable', code: 'ENGINE_UNAVAILABLE', error: `the engine is not available: ${message}` };
    case undefined:
      // The SDK refuses to encode some variables before anything is sent (a value nested thousands
      // deep overflows its serializer): the event itself is the problem, not the runtime.
      if (e instanceof RangeError) return { status: 'failed-permanent', code: 'INVALID_INPUT', error: `the event's variables cannot be sent to the engine: ${message}` };
      return internal(e, deps);
    default:
      return { status: 'failed-permanent', code: 'ENGINE_REJECTED', error: `the engine refused the command: ${message}` };
  }
}

function internal(e: unknown, deps: CorrelateDeps): CorrelationResult {
  const errorId = randomUUID();
  deps.onInternalError?.(errorId, e);
  return { status: 'failed-retryable', code: 'INTERNAL', error: `correlation failed inside the runtime (error id ${errorId})`, errorId };
}
