import { defineInbound, p, type InboundConnector } from '@connectorkit/sdk';
import { describe, expect, it } from 'vitest';
import { processXml } from '../../test/bpmn-fixtures.js';
import { deps, FakeEngine, FakeSource, recordingSubscription } from '../../test/inbound-fakes.js';
import { silentLogger } from '@connectorkit/sdk';
import { Discovery } from './discovery.js';
import { InboundRegistry } from './registry.js';

const TYPE = 'test:subscription:1';
const sub = (queue: string, extra: Record<string, string> = {}) => ({
  id: 'start',
  kind: 'start' as const,
  properties: { 'inbound.type': TYPE, queue, ...extra },
});

function setup(connectors: readonly { type: string }[] = [recordingSubscription(TYPE).connector]) {
  const source = new FakeSource();
  const engine = new FakeEngine();
  const d = deps(engine);
  const registry = new InboundRegistry({ ...d, connectors: new Map(connectors.map((c) => [c.type, c as InboundConnector])) });
  const discovery = new Discovery(source, silentLogger);
  const sync = async () => registry.apply(await discovery.round());
  return { source, engine, registry, sync, deps: d };
}

describe('InboundRegistry', () => {
  it('activates a connector per element, and a second identical round changes nothing', async () => {
    const rec = recordingSubscription(TYPE);
    const { source, registry, sync } = setup([rec.connector]);
    source.deploy('a', processXml('a', [sub('q1')]));
    await sync();
    await sync();
    expect(rec.events).toEqual(['activate q1']);
    expect(registry.list()).toEqual([expect.objectContaining({ status: 'ACTIVE', bpmnProcessId: 'a', versions: [1], elementIds: ['start'] })]);
  });

  it('a new version with the same configuration keeps the connector running (no restart, state kept)', async () => {
    const rec = recordingSubscription(TYPE);
    const { source, registry, sync } = setup([rec.connector]);
    source.deploy('a', processXml('a', [sub('q1', { resultVariable: 'x' })]));
    await sync();
    await rec.contexts[0]!.state.put('cursor', 41);
    source.deploy('a', processXml('a', [sub('q1', { resultVariable: 'y' })]));
    await sync();
    expect(rec.events).toEqual(['activate q1']);
    expect(registry.list()[0]).toMatchObject({ versions: [2] });
    expect(await rec.contexts[0]!.state.get('cursor')).toBe(41);
  });

  it('a changed configuration replaces the connector; a deleted process stops it', async () => {
    const rec = recordingSubscription(TYPE);
    const { source, registry, sync } = setup([rec.connector]);
    const v1 = source.deploy('a', processXml('a', [sub('q1')]));
    await sync();
    const v2 = source.deploy('a', processXml('a', [sub('q2')]));
    await sync();
    expect(rec.events).toEqual(['activate q1', 'deactivate q1', 'activate q2']);
    source.delete(v1.processDefinitionKey);
    source.delete(v2.processDefinitionKey);
    await sync();
    expect(rec.events.at(-1)).toBe('deactivate q2');
    expect(registry.list()).toEqual([]);
  });

  it('elements with one manual deduplication id share one connector', async () => {
    const rec = recordingSubscription(TYPE);
    const { source, registry, sync } = setup([rec.connector]);
    const manual = { deduplicationModeManualFlag: 'true', deduplicationId: 'shared', correlationKeyExpression: '=k' };
    source.deploy(
      'a',
      processXml('a', [
        { id: 'w1', kind: 'intermediate', message: 'm1', properties: { 'inbound.type': TYPE, queue: 'q', ...manual } },
        { id: 'w2', kind: 'intermediate', message: 'm2', properties: { 'inbound.type': TYPE, queue: 'q', ...manual } },
      ]),
    );
    await sync();
    expect(rec.events).toEqual(['activate q']);
    expect(registry.list()[0]!.elementIds).toEqual(['w1', 'w2']);
  });

  it('lists elements no installed connector serves and invalid configurations, and runs the others', async () => {
    const rec = recordingSubscription(TYPE);
    const { source, registry, sync } = setup([rec.connector]);
    source.deploy('unknown', processXml('unknown', [{ id: 's', kind: 'start', properties: { 'inbound.type': 'nobody:1' } }]));
    source.deploy('bad', processXml('bad', [{ id: 's', kind: 'start', properties: { 'inbound.type': TYPE, limit: 'many' } }]));
    source.deploy('secret', processXml('secret', [sub('{{secrets.QUEUE}}')]));
    await sync();
    const list = registry.list();
    expect(list.find((c) => c.bpmnProcessId === 'unknown')).toMatchObject({ status: 'INVALID', reason: "no installed connector serves inbound.type 'nobody:1'" });
    expect(list.find((c) => c.bpmnProcessId === 'bad')).toMatchObject({ status: 'FAILED', reason: expect.stringMatching(/queue: is required; limit: must be a number/) });
    expect(list.find((c) => c.bpmnProcessId === 'secret')).toMatchObject({ status: 'ACTIVE' });
    expect(rec.events).toEqual(['activate from-secret']);
    expect(registry.health().status).toBe('UP');
  });

  it('correlates through the elements of the version that runs now', async () => {
    const rec = recordingSubscription(TYPE);
    const { source, engine, sync } = setup([rec.connector]);
    source.deploy('a', processXml('a', [sub('q', { resultExpression: '={v: 1}' })]));
    await sync();
    source.deploy('a', processXml('a', [sub('q', { resultExpression: '={v: 2}' })]));
    await sync();
    const r = await rec.contexts[0]!.correlate({ any: 1 });
    expect(r.status).toBe('correlated');
    expect(engine.instances).toEqual([expect.objectContaining({ version: 2, variables: { v: 2 } })]);
  });

  it('a second webhook claiming a context is refused with the owner named; the first keeps it', async () => {
    const hook = defineInbound({
      kind: 'webhook',
      id: 'test.hook',
      name: 'Hook',
      version: 1,
      type: 'test:hook:1',
      properties: { 'inbound.context': p.text({ label: 'Path', required: true }), note: p.text({ label: 'Note' }) },
      handle: () => ({ status: 204 }),
    });
    const { source, registry, sync, deps: d } = setup([hook]);
    source.deploy('first', processXml('first', [{ id: 's', kind: 'start', properties: { 'inbound.type': 'test:hook:1', 'inbound.context': 'orders' } }]));
    await sync();
    source.deploy('second', processXml('second', [{ id: 's', kind: 'start', properties: { 'inbound.type': 'test:hook:1', 'inbound.context': 'orders', note: 'x' } }]));
    await sync();
    expect(registry.list().find((c) => c.bpmnProcessId === 'second')).toMatchObject({
      status: 'FAILED',
      reason: "webhook context 'orders' is already served by process 'first' element 's'",
    });
    expect(d.webhooks.get('orders')!.describe()).toBe("process 'first' element 's'");
    // A new version of the first process with another configuration takes the context over at once.
    source.deploy('first', processXml('first', [{ id: 's', kind: 'start', properties: { 'inbound.type': 'test:hook:1', 'inbound.context': 'orders', note: 'v2' } }]));
    await sync();
    const owner = registry.list().find((c) => c.bpmnProcessId === 'first' && c.status === 'ACTIVE');
    expect(owner).toMatchObject({ versions: [2] });
    expect(d.webhooks.get('orders')!.id).toBe(owner!.id);
    // Once the first process is gone, the second one gets the context on the next round.
    for (const def of [...source.defs.values()].filter((x) => x.info.processDefinitionId === 'first')) source.delete(def.info.processDefinitionKey);
    await sync();
    const second = registry.list().find((c) => c.bpmnProcessId === 'second');
    expect(second).toMatchObject({ status: 'ACTIVE' });
    expect(d.webhooks.get('orders')!.id).toBe(second!.id);
    expect(second!.activity.filter((a) => a.message.startsWith('activation failed'))).toHaveLength(1);
  });
});
