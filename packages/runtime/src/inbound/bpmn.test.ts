import { describe, expect, it } from 'vitest';
import { processXml } from '../../test/bpmn-fixtures.js';
import { readInboundElements } from './bpmn.js';

describe('readInboundElements', () => {
  it('finds every element kind that carries inbound.type, with its properties and message', async () => {
    const xml = processXml(
      'orders',
      [
        { id: 'start', kind: 'start', properties: { 'inbound.type': 'io.camunda:webhook:1', 'inbound.context': 'orders' } },
        { id: 'wait', kind: 'intermediate', message: 'order-paid', correlationKey: '=orderId', properties: { 'inbound.type': 'x:1', correlationKeyExpression: '=body.id' } },
        { id: 'onCancel', kind: 'boundary', properties: { 'inbound.type': 'x:1' } },
        { id: 'recv', kind: 'receive', properties: { 'inbound.type': 'x:1' } },
        { id: 'plain', kind: 'intermediate', properties: { other: 'y' } },
      ],
      { subprocess: [{ id: 'subStart', kind: 'message-start', message: 'm', properties: { 'inbound.type': 'x:1' } }] },
    );
    const found = (await readInboundElements(xml)).get('orders')!;
    expect(found.map((e) => [e.elementId, e.element])).toEqual([
      ['start', 'start'],
      ['wait', 'intermediate'],
      ['onCancel', 'boundary'],
      ['recv', 'receive'],
      ['subStart', 'message-start'],
    ]);
    const wait = found[1]!;
    expect(wait).toMatchObject({ messageName: 'order-paid', subscriptionCorrelationKey: '=orderId', properties: { correlationKeyExpression: '=body.id' } });
    expect(found[0]!.properties).toEqual({ 'inbound.type': 'io.camunda:webhook:1', 'inbound.context': 'orders' });
    expect(found[2]!.attachedToRef).toBe('onCancel_task');
  });

  it('rejects XML that does not parse', async () => {
    await expect(readInboundElements('<bpmn:definitions')).rejects.toThrow();
  });
});
