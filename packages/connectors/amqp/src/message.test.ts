import type { ConsumeMessage } from 'amqplib';
import { describe, expect, it } from 'vitest';
import { DeliveryCounter, messageKey } from './delivery-count.js';
import { messageVariables, parseBody } from './message.js';

function msg(content: string, properties: Partial<ConsumeMessage['properties']> = {}, redelivered = false): ConsumeMessage {
  return {
    content: Buffer.from(content),
    fields: { consumerTag: 'tag-1', deliveryTag: 1, redelivered, exchange: '', routingKey: 'q' },
    properties: {
      contentType: undefined, contentEncoding: undefined, headers: undefined, deliveryMode: undefined, priority: undefined,
      correlationId: undefined, replyTo: undefined, expiration: undefined, messageId: undefined, timestamp: undefined,
      type: undefined, userId: undefined, appId: undefined, clusterId: undefined,
      ...properties,
    },
  } as ConsumeMessage;
}

describe('message variables', () => {
  it('parses JSON bodies and keeps any other body as text', () => {
    expect(parseBody(Buffer.from('{"a":[1,2]}'))).toEqual({ a: [1, 2] });
    expect(parseBody(Buffer.from('42'))).toBe(42);
    expect(parseBody(Buffer.from('"quoted"'))).toBe('quoted');
    expect(parseBody(Buffer.from('hello {world'))).toBe('hello {world');
    expect(parseBody(Buffer.from(''))).toBe('');
  });

  it("has Camunda's shape: consumer tag, body, properties without absent ones", () => {
    const v = messageVariables(
      msg('{"x":1}', {
        contentType: 'application/json',
        headers: { source: Buffer.from('erp'), n: 3, nested: { list: [Buffer.from('a')] } },
        correlationId: 'c-1',
        messageId: 'm-1',
        timestamp: 1_700_000_000,
        deliveryMode: 2,
        priority: 4,
      }),
    );
    expect(v).toEqual({
      message: {
        consumerTag: 'tag-1',
        body: { x: 1 },
        properties: {
          contentType: 'application/json',
          headers: { source: 'erp', n: 3, nested: { list: ['a'] } },
          correlationId: 'c-1',
          messageId: 'm-1',
          timestamp: '2023-11-14T22:13:20.000Z',
          deliveryMode: 2,
          priority: 4,
        },
      },
    });
  });
});

describe('DeliveryCounter', () => {
  it('counts retryable failures per message id and resets on a first delivery', () => {
    const c = new DeliveryCounter();
    const m = msg('x', { messageId: 'm-1' });
    expect(c.deliveryNumber(m)).toBe(1);
    c.recordFailure(m, 1);
    const again = msg('x', { messageId: 'm-1' }, true);
    expect(c.deliveryNumber(again)).toBe(2);
    c.recordFailure(again, 2);
    expect(c.deliveryNumber(again)).toBe(3);
    expect(c.deliveryNumber(msg('x', { messageId: 'm-1' }, false))).toBe(1);
    c.forget(m);
    expect(c.size).toBe(0);
  });

  it("takes the quorum queue's x-delivery-count when it is higher, and a redelivery as at least the second", () => {
    const c = new DeliveryCounter();
    expect(c.deliveryNumber(msg('x', { headers: { 'x-delivery-count': 4 } }, true))).toBe(5);
    expect(c.deliveryNumber(msg('never seen', {}, true))).toBe(2);
  });

  it('keys a message without id by its content and keeps at most its capacity', () => {
    expect(messageKey(msg('a'))).toBe(messageKey(msg('a', {}, true)));
    expect(messageKey(msg('a'))).not.toBe(messageKey(msg('b')));
    const c = new DeliveryCounter(2);
    for (const body of ['a', 'b', 'c']) c.recordFailure(msg(body), 3);
    expect(c.size).toBe(2);
    expect(c.deliveryNumber(msg('a', {}, true))).toBe(2); // the oldest was dropped
    expect(c.deliveryNumber(msg('c', {}, true))).toBe(4);
  });
});
