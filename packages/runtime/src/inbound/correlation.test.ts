import { describe, expect, it } from 'vitest';
import { FakeEngine } from '../../test/inbound-fakes.js';
import { correlateEvent, DEFAULT_MESSAGE_TTL_MS } from './correlation.js';
import type { DiscoveredElement } from './discovery.js';

function element(overrides: Partial<DiscoveredElement> & { properties?: Record<string, string> }): DiscoveredElement {
  return {
    bpmnProcessId: 'orders',
    elementId: 'el',
    element: 'intermediate',
    messageName: 'paid',
    tenantId: '<default>',
    processDefinitionKey: '1',
    version: 1,
    ...overrides,
    properties: { 'inbound.type': 'x:1', ...overrides.properties },
  };
}

const event = { body: { id: 'A-1', amount: 7, kind: 'paid' } };

describe('correlateEvent', () => {
  it('creates an instance of the element version for a none start event, with the mapped variables', async () => {
    const engine = new FakeEngine();
    const start = element({ element: 'start', version: 3, properties: { resultExpression: '={orderId: body.id}', resultVariable: 'raw' } });
    const r = await correlateEvent([start], event, {}, { engine });
    expect(r).toMatchObject({ status: 'correlated', processInstanceKey: expect.any(String), elementId: 'el' });
    expect(engine.instances).toEqual([{ bpmnProcessId: 'orders', version: 3, tenantId: '<default>', variables: { orderId: 'A-1', raw: event } }]);
  });

  it('passes no variables when the element maps none', async () => {
    const engine = new FakeEngine();
    await correlateEvent([element({ element: 'start' })], event, {}, { engine });
    expect(engine.instances[0]!.variables).toEqual({});
  });

  it('publishes the message with the key, message id and TTL of the element', async () => {
    const engine = new FakeEngine();
    const el = element({ properties: { correlationKeyExpression: '=body.id', messageIdExpression: '=body.id + "-" + body.kind', messageTtl: 'PT5M' } });
    const r = await correlateEvent([el], event, { messageId: 'ignored-when-expression' }, { engine });
    expect(r.status).toBe('correlated');
    expect(engine.messages[0]).toMatchObject({ name: 'paid', correlationKey: 'A-1', messageId: 'A-1-paid', timeToLiveMs: 300_000 });
  });

  it("uses the connector's message id when the element has no expression, and Camunda's one-hour TTL", async () => {
    const engine = new FakeEngine();
    await correlateEvent([element({ properties: { correlationKeyExpression: '=body.amount' } })], event, { messageId: 'm-1' }, { engine });
    expect(engine.messages[0]).toMatchObject({ correlationKey: '7', messageId: 'm-1', timeToLiveMs: DEFAULT_MESSAGE_TTL_MS });
  });

  it('counts a message id the engine already has as a duplicate success', async () => {
    const engine = new FakeEngine();
    const el = element({ properties: { correlationKeyExpression: '=body.id' } });
    await correlateEvent([el], event, { messageId: 'same' }, { engine });
    const again = await correlateEvent([el], event, { messageId: 'same' }, { engine });
    expect(again).toEqual({ status: 'correlated', duplicate: true });
    expect(engine.messages).toHaveLength(1);
  });

  it('answers activation condition not met, or ignored when unmatched events are consumed', async () => {
    const engine = new FakeEngine();
    const strict = element({ properties: { activationCondition: '=body.kind = "refund"', correlationKeyExpression: '=body.id' } });
    expect(await correlateEvent([strict], event, {}, { engine })).toMatchObject({ status: 'failed-permanent', code: 'ACTIVATION_CONDITION_NOT_MET' });
    const consuming = element({ properties: { ...strict.properties, consumeUnmatchedEvents: 'true' } });
    expect(await correlateEvent([consuming], event, {}, { engine })).toMatchObject({ status: 'ignored' });
    expect(engine.messages).toHaveLength(0);
  });

  it('picks the element whose activation condition holds', async () => {
    const engine = new FakeEngine();
    const a = element({ elementId: 'a', messageName: 'a', properties: { activationCondition: '=body.kind = "paid"', correlationKeyExpression: '=body.id' } });
    const b = element({ elementId: 'b', messageName: 'b', properties: { activationCondition: '=body.kind = "refund"', correlationKeyExpression: '=body.id' } });
    const r = await correlateEvent([a, b], event, {}, { engine });
    expect(r).toMatchObject({ status: 'correlated', elementId: 'a' });
    expect(engine.messages.map((m) => m.name)).toEqual(['a']);
  });

  it('refuses an event that two elements would handle differently', async () => {
    const engine = new FakeEngine();
    const a = element({ elementId: 'a', messageName: 'a', properties: { correlationKeyExpression: '=body.id' } });
    const b = element({ elementId: 'b', messageName: 'b', properties: { correlationKeyExpression: '=body.id' } });
    expect(await correlateEvent([a, b], event, {}, { engine })).toMatchObject({ status: 'failed-permanent', code: 'INVALID_INPUT' });
  });

  it('sends one message for equivalent catch events of several versions', async () => {
    const engine = new FakeEngine();
    const props = { correlationKeyExpression: '=body.id' };
    const r = await correlateEvent([element({ version: 1, properties: props }), element({ version: 2, properties: props })], event, {}, { engine });
    expect(r.status).toBe('correlated');
    expect(engine.messages).toHaveLength(1);
  });

  it('names the expression that finds no correlation key', async () => {
    const engine = new FakeEngine();
    const r = await correlateEvent([element({ properties: { correlationKeyExpression: '=body.missing' } })], event, {}, { engine });
    expect(r).toMatchObject({ status: 'failed-permanent', code: 'INVALID_INPUT', error: expect.stringContaining('correlationKeyExpression') });
  });

  it('reports a FEEL error in the result expression as invalid input', async () => {
    const engine = new FakeEngine();
    const r = await correlateEvent([element({ element: 'start', properties: { resultExpression: '={a: ' } })], event, {}, { engine });
    expect(r).toMatchObject({ status: 'failed-permanent', code: 'INVALID_INPUT', error: expect.stringContaining('resultExpression') });
  });

  it('maps engine failures: unavailable is retryable, a refusal is permanent', async () => {
    const engine = new FakeEngine();
    const start = element({ element: 'start' });
    engine.fail = { code: 14, message: 'UNAVAILABLE: No connection established' };
    expect(await correlateEvent([start], event, {}, { engine })).toMatchObject({ status: 'failed-retryable', code: 'ENGINE_UNAVAILABLE' });
    engine.fail = { code: 5, message: 'NOT_FOUND: no process' };
    expect(await correlateEvent([start], event, {}, { engine })).toMatchObject({ status: 'failed-permanent', code: 'ENGINE_REJECTED' });
  });

  it('refuses, for good, variables the engine client cannot encode (nested thousands deep)', async () => {
    const engine = new FakeEngine();
    engine.createProcessInstance = async () => {
      throw new RangeError('Maximum call stack size exceeded');
    };
    expect(await correlateEvent([element({ element: 'start', properties: { resultVariable: 'e' } })], event, {}, { engine })).toMatchObject({
      status: 'failed-permanent',
      code: 'INVALID_INPUT',
    });
  });
});
