import type { RuntimeHandle } from '@connectorkit/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channels, testSubscription } from '../src/connectors/index.js';
import { eventually, RUN, testClient, type ZeebeClient } from './support/engine.js';
import { deployXml, inboundEntry, instancesOf, instanceVariables, startInboundRuntime } from './support/inbound.js';
import { catchModel, messageStartModel, startModel } from './support/inbound-models.js';

const subscription = testSubscription(RUN);
let client: ZeebeClient;
let runtime: RuntimeHandle;

const feed = (channel: string) => eventually(`subscription ${channel} to be active`, async () => channels.get(channel));

beforeAll(async () => {
  client = testClient();
  runtime = await startInboundRuntime([subscription]);
});

afterAll(async () => {
  await runtime?.stop(5000);
  await client?.close();
});

describe('inbound runtime against the local engine', () => {
  it('a start event creates an instance with the mapped variables', async () => {
    const pid = `e2e-in-start-${RUN}`;
    await deployXml(client, pid, startModel(pid, { 'inbound.type': subscription.type, channel: `${pid}-ch`, resultExpression: '={orderId: order.id, total: order.amount * 2}' }));
    const ch = await feed(`${pid}-ch`);
    const r = await ch.correlate({ order: { id: 'A-1', amount: 21 } });
    expect(r).toMatchObject({ status: 'correlated', processInstanceKey: expect.any(String) });
    const key = (r as { processInstanceKey: string }).processInstanceKey;
    const vars = await eventually('the instance variables', async () => {
      const v = await instanceVariables(key);
      return 'total' in v ? v : undefined;
    });
    expect(vars).toEqual({ orderId: 'A-1', total: 42 });
    const listed = await inboundEntry(runtime, pid);
    expect(listed).toMatchObject({ type: subscription.type, status: 'ACTIVE', versions: [1], elementIds: ['start'], health: { status: 'UP' } });
    expect((listed.activity as { message: string }[]).some((a) => a.message.includes(`started process instance ${key}`))).toBe(true);
  });

  it('an intermediate event correlates by key to the waiting instance', async () => {
    const pid = `e2e-in-catch-${RUN}`;
    await deployXml(client, pid, catchModel(pid, `paid-${RUN}`, { 'inbound.type': subscription.type, channel: `${pid}-ch`, correlationKeyExpression: '=payment.orderId', resultVariable: 'payment' }));
    const ch = await feed(`${pid}-ch`);
    const done = client.createProcessInstanceWithResult({ bpmnProcessId: pid, variables: { orderId: 'O-7' }, requestTimeout: 60_000 });
    // An event for another order finds no instance: the message waits (TTL) and the instance does not move.
    const r = await eventually('the message to correlate', async () => {
      const result = await ch.correlate({ payment: { orderId: 'O-7', amount: 5 } });
      return result.status === 'correlated' ? result : undefined;
    });
    expect(r.status).toBe('correlated');
    const finished = await done;
    expect(finished.variables).toMatchObject({ orderId: 'O-7', payment: { payment: { orderId: 'O-7', amount: 5 } } });
  });

  it('a message id sent twice correlates once', async () => {
    const pid = `e2e-in-msgid-${RUN}`;
    await deployXml(client, pid, messageStartModel(pid, `hello-${RUN}`, { 'inbound.type': subscription.type, channel: `${pid}-ch`, messageIdExpression: '=id' }));
    const ch = await feed(`${pid}-ch`);
    const first = await ch.correlate({ id: 'evt-1' });
    const second = await ch.correlate({ id: 'evt-1' });
    expect(first).toMatchObject({ status: 'correlated' });
    expect(second).toEqual({ status: 'correlated', duplicate: true });
    await ch.correlate({ id: 'evt-2' });
    const created = await eventually('two instances', async () => {
      const list = await instancesOf(pid);
      return list.length >= 2 ? list : undefined;
    });
    await new Promise((r) => setTimeout(r, 500));
    expect(await instancesOf(pid)).toHaveLength(created.length);
    expect(created).toHaveLength(2);
  });

  it('a new version takes over: same configuration keeps the connector, its events go to the new version', async () => {
    const pid = `e2e-in-version-${RUN}`;
    const props = { 'inbound.type': subscription.type, channel: `${pid}-ch` };
    await deployXml(client, pid, startModel(pid, { ...props, resultExpression: '={v: 1}' }));
    const before = await feed(`${pid}-ch`);
    const v2 = await deployXml(client, pid, startModel(pid, { ...props, resultExpression: '={v: 2}' }));
    await inboundEntry(runtime, pid, (e) => (e.versions as number[]).includes(v2.version));
    const after = await feed(`${pid}-ch`);
    expect(after).toBe(before); // not restarted
    const r = await after.correlate({});
    const key = (r as { processInstanceKey: string }).processInstanceKey;
    const vars = await eventually('variables of the new instance', async () => {
      const v = await instanceVariables(key);
      return 'v' in v ? v : undefined;
    });
    expect(vars).toEqual({ v: 2 });
    expect((await instancesOf(pid)).find((i) => i.key === key)?.version).toBe(v2.version);
  });

  it('an invalid configuration shows on /inbound with the reason, and the others keep running', async () => {
    const pid = `e2e-in-invalid-${RUN}`;
    await deployXml(client, pid, startModel(pid, { 'inbound.type': subscription.type, limit: 'lots' }));
    const entry = await inboundEntry(runtime, pid, (e) => e.status === 'FAILED');
    expect(entry.reason).toBe('Invalid input: channel: is required; limit: must be a number');
    const unknown = `e2e-in-unknown-${RUN}`;
    await deployXml(client, unknown, startModel(unknown, { 'inbound.type': `nobody:${RUN}` }));
    const listed = await inboundEntry(runtime, unknown, (e) => e.status === 'INVALID');
    expect(listed.reason).toBe(`no installed connector serves inbound.type 'nobody:${RUN}'`);
    const ready = (await (await fetch(`${runtime.url}/health/ready`)).json()) as { components: { inbound: { status: string } } };
    expect(ready.components.inbound.status).toBe('UP');
  });
});
