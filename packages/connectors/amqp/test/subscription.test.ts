/**
 * The connector against the REAL RabbitMQ (see broker.ts): correlation, ack / reject / requeue,
 * delivery limit, prefetch, broker-side connection close, deactivation with messages in flight.
 */
import { randomUUID } from 'node:crypto';
import type { CorrelationResult, InboundContext, InputOf } from '@connectorkit/sdk';
import { createInboundContext, type InboundHarness } from '@connectorkit/sdk/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { amqpConnector, type AmqpProperties } from '../src/index.js';
import { BROKER_URL, closeConnectionsFromBroker, connectBroker, createQueue, declareQueue, gate, waitFor, type Broker, type TestQueue } from './broker.js';

type Ctx = InboundContext<InputOf<AmqpProperties>>;

/** Turns stock `zeebe:property` names (`authentication.uri`) into the nested input the runtime binds. */
function nest(flat: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(flat)) {
    const parts = key.split('.');
    let cur = out;
    for (const part of parts.slice(0, -1)) cur = (cur[part] ??= {}) as Record<string, unknown>;
    cur[parts.at(-1)!] = value;
  }
  return out;
}

let broker: Broker;
const queues: TestQueue[] = [];
const running: { ctx: Ctx }[] = [];

beforeAll(async () => {
  broker = await connectBroker();
});

afterEach(async () => {
  for (const r of running.splice(0)) await amqpConnector.deactivate!(r.ctx);
  for (const q of queues.splice(0)) await q.delete();
});

afterAll(async () => {
  await broker?.close();
});

async function queue(options?: Parameters<typeof createQueue>[1]): Promise<TestQueue> {
  const q = await createQueue(broker, options);
  queues.push(q);
  return q;
}

/** Newest stock template (v8) properties, by URI; the URI comes from a secret. */
function uriProperties(q: TestQueue, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return nest({
    'inbound.type': 'io.camunda:connector-rabbitmq-inbound:1',
    'authentication.authType': 'uri',
    'authentication.uri': '{{secrets.AMQP_URI}}',
    queueName: q.name,
    consumerTag: '',
    exclusive: 'false',
    ...extra,
  });
}

async function activate(
  properties: Record<string, unknown>,
  wrap?: (ctx: Ctx) => Ctx,
  failFirst: CorrelationResult[] = [],
): Promise<{ h: InboundHarness<Ctx['properties']>; ctx: Ctx }> {
  const h = await createInboundContext(amqpConnector, { properties, secrets: { AMQP_URI: BROKER_URL, AMQP_PASSWORD: 'guest' } });
  h.failNext(...failFirst);
  const ctx = wrap ? wrap(h.ctx) : h.ctx;
  running.push({ ctx });
  await amqpConnector.activate!(ctx);
  return { h, ctx };
}

async function deactivate(ctx: Ctx): Promise<void> {
  const i = running.findIndex((r) => r.ctx === ctx);
  if (i >= 0) running.splice(i, 1);
  await amqpConnector.deactivate!(ctx);
}

/** A context whose correlate waits at a gate and counts how many calls are in flight. */
function gated(g: { wait(): Promise<void> }, stats: { now: number; max: number; started: number }) {
  return (ctx: Ctx): Ctx => ({
    ...ctx,
    async correlate(variables, options) {
      stats.now++;
      stats.started++;
      stats.max = Math.max(stats.max, stats.now);
      await g.wait();
      stats.now--;
      return ctx.correlate(variables, options);
    },
  } satisfies InboundContext<Ctx['properties']>);
}

describe('AMQP subscription against RabbitMQ', () => {
  it('correlates a JSON message with Camunda-shaped variables and its message id, then acks it', async () => {
    const q = await queue();
    const { h, ctx } = await activate(uriProperties(q, { consumerTag: 'orders-consumer' }));
    expect(h.health.at(-1)).toMatchObject({ status: 'UP' });
    q.publish(
      { orderId: 7, items: ['a'] },
      {
        contentType: 'application/json',
        headers: { source: 'erp', attempt: 2 },
        correlationId: 'corr-1',
        replyTo: 'replies',
        messageId: 'msg-1',
        timestamp: 1_700_000_000,
        priority: 3,
        appId: 'erp',
        type: 'order.created',
      },
    );
    await waitFor(() => h.correlations.length === 1, 'the message to be correlated');
    const [c] = h.correlations;
    expect(c!.options).toEqual({ messageId: 'msg-1' });
    expect(c!.variables).toEqual({
      message: {
        consumerTag: 'orders-consumer',
        body: { orderId: 7, items: ['a'] },
        properties: {
          contentType: 'application/json',
          headers: { source: 'erp', attempt: 2 },
          correlationId: 'corr-1',
          replyTo: 'replies',
          messageId: 'msg-1',
          timestamp: '2023-11-14T22:13:20.000Z',
          deliveryMode: 2,
          priority: 3,
          appId: 'erp',
          type: 'order.created',
        },
      },
    });
    await waitFor(() => h.activities.some((a) => a.message.includes('acknowledged: correlated')), 'the ack activity');
    await deactivate(ctx);
    // Acked: nothing went back to the queue when the consumer closed, nothing was dead-lettered.
    expect(await q.count()).toBe(0);
    expect(await q.dlqCount()).toBe(0);
  });

  it('passes a body that is not JSON as text, and JSON scalars parsed', async () => {
    const q = await queue();
    const { h, ctx } = await activate(uriProperties(q));
    q.publish('plain text, not {json');
    q.publish('12.5');
    q.publish('');
    await waitFor(() => h.correlations.length === 3, 'three correlations');
    const bodies = h.correlations.map((c) => (c.variables as { message: { body: unknown } }).message.body);
    expect(bodies).toEqual(['plain text, not {json', 12.5, '']);
    const tag = (h.correlations[0]!.variables as { message: { consumerTag: string } }).message.consumerTag;
    expect(tag).toMatch(/^connectorkit-[0-9a-f-]{36}$/);
    expect(h.correlations[0]!.options).toEqual({});
    await deactivate(ctx);
    expect(await q.count()).toBe(0);
  });

  it('acks an ignored message (activation condition not met, unmatched events consumed)', async () => {
    const q = await queue();
    const { h, ctx } = await activate(uriProperties(q));
    h.failNext({ status: 'ignored', reason: 'no activation condition held' });
    q.publish({ kind: 'other' });
    await waitFor(() => h.activities.some((a) => a.message.includes('acknowledged: ignored')), 'the ignored ack');
    await deactivate(ctx);
    expect(await q.count()).toBe(0);
    expect(await q.dlqCount()).toBe(0);
  });

  it('rejects a permanent failure without requeue: the dead-letter queue gets it, the activity log says why', async () => {
    const q = await queue();
    const { h, ctx } = await activate(uriProperties(q));
    h.failNext({ status: 'failed-permanent', code: 'ACTIVATION_CONDITION_NOT_MET', error: 'no element matched and unmatched events are not consumed' });
    q.publish({ kind: 'other' }, { messageId: 'perm-1' });
    await waitFor(async () => (await q.dlqCount()) === 1, 'the message in the dead-letter queue');
    expect(h.correlations).toHaveLength(1);
    const entry = h.activities.find((a) => a.message.includes('rejected without requeue'));
    expect(entry).toMatchObject({ severity: 'error' });
    expect(entry!.message).toContain('ACTIVATION_CONDITION_NOT_MET');
    await deactivate(ctx);
    expect(await q.count()).toBe(0);
  });

  it('requeues a retryable failure after a backoff, and dead-letters it after the maximum deliveries (classic queue)', async () => {
    const q = await queue();
    const { h, ctx } = await activate(uriProperties(q, { maxDeliveries: '3' }));
    const failure: CorrelationResult = { status: 'failed-retryable', code: 'ENGINE_UNAVAILABLE', error: 'engine unreachable' };
    h.failNext(failure, failure, failure, failure);
    const times: number[] = [];
    const original = h.correlations.push.bind(h.correlations);
    h.correlations.push = (...items) => {
      times.push(Date.now());
      return original(...items);
    };
    q.publish('no id, classic queue');
    await waitFor(async () => (await q.dlqCount()) === 1, 'the message in the dead-letter queue', 15_000);
    expect(h.correlations).toHaveLength(3);
    // Backoff 1 s then 2 s between deliveries (no hot loop); a little slack for timers.
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(950);
    expect(times[2]! - times[1]!).toBeGreaterThanOrEqual(1_950);
    expect(h.activities.filter((a) => a.message.includes('requeued in'))).toHaveLength(2);
    expect(h.activities.find((a) => a.message.includes('rejected without requeue'))!.message).toContain('delivery 3 of at most 3');
    await deactivate(ctx);
    expect(await q.count()).toBe(0);
  });

  it("counts deliveries with a quorum queue's x-delivery-count, across a restart of the consumer", async () => {
    const q = await queue({ type: 'quorum' });
    const failure: CorrelationResult = { status: 'failed-retryable', code: 'INTERNAL', error: 'boom' };
    const first = await activate(uriProperties(q, { maxDeliveries: '3' }));
    first.h.failNext(failure, failure);
    q.publish({ n: 1 });
    await waitFor(() => first.h.activities.filter((a) => a.message.includes('requeued in')).length === 2, 'two requeues', 15_000);
    await deactivate(first.ctx); // its in-memory count is gone with it
    expect(await q.count()).toBe(1);
    const second = await activate(uriProperties(q, { maxDeliveries: '3' }), undefined, [failure]);
    await waitFor(async () => (await q.dlqCount()) === 1, 'the message in the dead-letter queue', 15_000);
    // The broker's count (2 earlier deliveries) made this the third and last delivery.
    expect(second.h.correlations).toHaveLength(1);
    const props = (second.h.correlations[0]!.variables as { message: { properties: { headers?: Record<string, unknown> } } }).message.properties;
    expect(props.headers?.['x-delivery-count']).toBe(2);
    expect(second.h.activities.find((a) => a.message.includes('rejected without requeue'))!.message).toContain('delivery 3 of at most 3');
  });

  it('holds at most the prefetch count of messages in flight', async () => {
    const q = await queue();
    const g = gate();
    const stats = { now: 0, max: 0, started: 0 };
    const { h, ctx } = await activate(uriProperties(q, { prefetchCount: '3' }), gated(g, stats));
    for (let i = 0; i < 10; i++) q.publish({ i });
    await waitFor(() => stats.now === 3, 'three messages in flight');
    await new Promise((r) => setTimeout(r, 500));
    expect(stats.max).toBe(3);
    expect(await q.count()).toBe(7);
    g.open();
    await waitFor(() => h.correlations.length === 10, 'all ten correlated');
    expect(stats.max).toBe(3);
    await deactivate(ctx);
    expect(await q.count()).toBe(0);
  });

  it('survives a broker-side connection close: health DOWN then UP, and later messages still correlate', async () => {
    const q = await queue();
    const { h, ctx } = await activate(uriProperties(q));
    q.publish({ n: 1 });
    await waitFor(() => h.correlations.length === 1, 'the first correlation');
    await waitFor(async () => (await closeConnectionsFromBroker(`connectorkit-amqp ${q.name}`)) === 1, 'the connection to be listed and closed', 15_000);
    await waitFor(() => h.health.some((x) => x.status === 'DOWN'), 'health DOWN');
    const down = h.health.find((x) => x.status === 'DOWN')!;
    expect(down.error?.message).toContain('connection closed');
    expect(down.error?.message).toContain('CONNECTION_FORCED');
    await waitFor(() => h.health.at(-1)?.status === 'UP' && h.health.indexOf(down) < h.health.length - 1, 'health UP again', 15_000);
    expect(h.activities.some((a) => a.severity === 'warning' && a.message.includes('reconnecting'))).toBe(true);
    expect(h.activities.some((a) => a.message.startsWith('Reconnected'))).toBe(true);
    q.publish({ n: 2 });
    await waitFor(() => h.correlations.length === 2, 'the second correlation');
    await deactivate(ctx);
    expect(await q.count()).toBe(0);
  });

  it('deactivates with messages in flight: cancels the consumer, lets them finish, loses none', async () => {
    const q = await queue();
    const g = gate();
    const stats = { now: 0, max: 0, started: 0 };
    const { h, ctx } = await activate(uriProperties(q, { prefetchCount: '4' }), gated(g, stats));
    for (let i = 0; i < 10; i++) q.publish({ i });
    await waitFor(() => stats.now === 4, 'four messages in flight');
    let done = false;
    const stopping = deactivate(ctx).then(() => (done = true));
    await new Promise((r) => setTimeout(r, 300));
    expect(done).toBe(false);
    g.open();
    await stopping;
    // The four in flight were correlated and acked; the other six wait in the queue.
    expect(h.correlations).toHaveLength(4);
    expect(stats.started).toBe(4);
    expect(await q.count()).toBe(6);
    expect(await q.dlqCount()).toBe(0);
    expect(h.activities.at(-1)!.message).toContain('Stopped consuming');
  });

  it('requeues at once a message waiting for its retry backoff when deactivated', async () => {
    const q = await queue();
    const { h, ctx } = await activate(uriProperties(q));
    h.failNext({ status: 'failed-retryable', code: 'ENGINE_UNAVAILABLE', error: 'engine down' });
    q.publish({ n: 1 });
    await waitFor(() => h.activities.some((a) => a.message.includes('requeued in')), 'the requeue decision');
    const started = Date.now();
    await deactivate(ctx);
    expect(Date.now() - started).toBeLessThan(900);
    expect(await q.count()).toBe(1);
  });

  it('reports DOWN naming the queue when it does not exist, and consumes once it does', async () => {
    const q = await queue({ declare: false });
    const { h } = await activate(uriProperties(q));
    expect(h.health.at(-1)).toMatchObject({ status: 'DOWN' });
    expect(h.health.at(-1)!.error!.message).toContain(q.name);
    expect(h.health.at(-1)!.error!.message).toContain('NOT_FOUND');
    await declareQueue(broker, q);
    q.publish({ late: true });
    await waitFor(() => h.correlations.length === 1, 'the correlation after the queue appeared', 15_000);
    expect(h.health.at(-1)).toMatchObject({ status: 'UP' });
  });

  it('never shows the password: wrong credentials report DOWN with the address masked', async () => {
    const q = await queue();
    const password = `wrong-${randomUUID()}`;
    const { h } = await activate(
      nest({
        'authentication.authType': 'credentials',
        'authentication.userName': 'guest',
        'authentication.password': password,
        'routing.hostName': '127.0.0.1',
        'routing.port': '5672',
        'routing.virtualHost': '/',
        queueName: q.name,
      }),
    );
    const last = h.health.at(-1)!;
    expect(last.status).toBe('DOWN');
    expect(last.error!.message).toContain('amqp://guest:***@127.0.0.1:5672/%2F');
    expect(last.error!.message).toMatch(/ACCESS.REFUSED/);
    expect(JSON.stringify([h.health, h.activities])).not.toContain(password);
  });
});

describe('stock template properties', () => {
  it('activates with the oldest stock template (v1: credentials, routing as strings, dropdown exclusive)', async () => {
    const q = await queue();
    const { h, ctx } = await activate(
      nest({
        'inbound.type': 'io.camunda:connector-rabbitmq-inbound:1',
        'authentication.authType': 'credentials',
        'authentication.userName': 'guest',
        'authentication.password': '{{secrets.AMQP_PASSWORD}}',
        'routing.hostName': '127.0.0.1',
        'routing.virtualHost': '/',
        'routing.port': '5672',
        queueName: q.name,
        consumerTag: 'legacy-tag',
        exclusive: 'true',
        activationCondition: '=true',
        resultVariable: 'out',
      }),
    );
    expect(ctx.properties).toMatchObject({
      authentication: { authType: 'credentials', userName: 'guest', password: 'guest' },
      routing: { hostName: '127.0.0.1', virtualHost: '/', port: 5672 },
      exclusive: true,
    });
    q.publish('hello');
    await waitFor(() => h.correlations.length === 1, 'the correlation');
    expect((h.correlations[0]!.variables as { message: { consumerTag: string } }).message.consumerTag).toBe('legacy-tag');
    // Exclusive: a second consumer on the queue is refused.
    const other = await broker.connection.createChannel();
    other.on('error', () => undefined);
    await expect(other.consume(q.name, () => undefined)).rejects.toThrow(/ACCESS_REFUSED|exclusive/i);
  });

  it('activates with the newest stock template (v8: URI, consumer arguments map, deduplication properties)', async () => {
    const q = await queue();
    const { h } = await activate(
      uriProperties(q, {
        arguments: { 'x-priority': 10 },
        consumeUnmatchedEvents: 'true',
        deduplicationModeManualFlag: 'false',
        deduplicationMode: 'AUTO',
        messageIdExpression: '=message.properties.messageId',
        messageTtl: 'PT1M',
        resultExpression: '={order: message.body}',
      }),
    );
    q.publish({ ok: 1 });
    await waitFor(() => h.correlations.length === 1, 'the correlation');
    const { stdout } = await import('node:child_process').then(({ execFileSync }) => ({
      stdout: execFileSync('rabbitmqctl', ['-q', 'list_consumers', '--no-table-headers', 'queue_name', 'arguments']).toString(),
    }));
    const line = stdout.split('\n').find((l) => l.startsWith(q.name));
    expect(line).toContain('x-priority');
  });

  it('refuses a configuration with a clear error naming the field', async () => {
    await expect(createInboundContext(amqpConnector, { properties: nest({ 'authentication.authType': 'uri', 'authentication.uri': 'amqp://x' }) })).rejects.toThrow(
      /queueName: is required/,
    );
    await expect(
      createInboundContext(amqpConnector, { properties: nest({ 'authentication.authType': 'credentials', queueName: 'q', 'routing.port': 'x' }) }),
    ).rejects.toThrow(/authentication\.userName: is required.*routing\.hostName: is required|routing\.port/);
    await expect(
      createInboundContext(amqpConnector, { properties: nest({ 'authentication.uri': 'http://nope', queueName: 'q' }) }),
    ).rejects.toThrow(/authentication\.uri: Must start with amqp\(s\):\/\//);
  });
});
