import { silentLogger } from '@connectorkit/sdk';
import { describe, expect, it } from 'vitest';
import { processXml } from '../../test/bpmn-fixtures.js';
import { FakeSource } from '../../test/inbound-fakes.js';
import { Discovery } from './discovery.js';

const start = (ctx: string) => ({ id: 'start', kind: 'start' as const, properties: { 'inbound.type': 'io.camunda:webhook:1', 'inbound.context': ctx } });
const wait = { id: 'wait', kind: 'intermediate' as const, message: 'paid', properties: { 'inbound.type': 'x:1', correlationKeyExpression: '=id' } };

describe('Discovery', () => {
  it('keeps start events of the newest version only and catch events of every version', async () => {
    const source = new FakeSource();
    const v1 = source.deploy('orders', processXml('orders', [start('a'), wait]));
    const v2 = source.deploy('orders', processXml('orders', [start('b'), wait]));
    const state = await new Discovery(source, silentLogger).round();
    const seen = state.elements.map((e) => `${e.elementId}@${e.version}:${e.processDefinitionKey}`).sort();
    expect(seen).toEqual([`start@2:${v2.processDefinitionKey}`, `wait@1:${v1.processDefinitionKey}`, `wait@2:${v2.processDefinitionKey}`].sort());
    expect(state.elements.find((e) => e.elementId === 'start')!.properties['inbound.context']).toBe('b');
  });

  it('reads each definition XML once across rounds, forgets deleted ones and retries a failed read', async () => {
    const source = new FakeSource();
    const discovery = new Discovery(source, silentLogger);
    const defs = Array.from({ length: 30 }, (_, i) => source.deploy(`p${i}`, processXml(`p${i}`, [start(`c${i}`)])));
    source.failXml.add(defs[0]!.processDefinitionKey);
    const first = await discovery.round();
    expect(first.elements).toHaveLength(29);
    expect(source.xmlReads).toBe(30);
    source.failXml.clear();
    const second = await discovery.round();
    expect(second.elements).toHaveLength(30);
    expect(source.xmlReads).toBe(31); // only the failed one again
    await discovery.round();
    expect(source.xmlReads).toBe(31);
    source.delete(defs[5]!.processDefinitionKey);
    const after = await discovery.round();
    expect(after.elements.map((e) => e.bpmnProcessId)).not.toContain('p5');
  });

  it('a deleted newest version hands the start event back to the previous one', async () => {
    const source = new FakeSource();
    source.deploy('orders', processXml('orders', [start('a')]));
    const v2 = source.deploy('orders', processXml('orders', [start('b')]));
    const discovery = new Discovery(source, silentLogger);
    expect((await discovery.round()).elements.map((e) => e.properties['inbound.context'])).toEqual(['b']);
    source.delete(v2.processDefinitionKey);
    expect((await discovery.round()).elements.map((e) => e.properties['inbound.context'])).toEqual(['a']);
  });

  it('reports XML that does not parse as a problem and goes on with the others', async () => {
    const source = new FakeSource();
    source.deploy('broken', '<bpmn:definitions');
    source.deploy('ok', processXml('ok', [start('ok')]));
    const state = await new Discovery(source, silentLogger).round();
    expect(state.elements.map((e) => e.bpmnProcessId)).toEqual(['ok']);
    expect(state.problems).toEqual([expect.objectContaining({ bpmnProcessId: 'broken', reason: expect.stringContaining('could not be read') })]);
  });
});
