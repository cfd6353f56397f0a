import { defineInbound, p, type ConnectorLogger } from '@connectorkit/sdk';
import { describe, expect, it } from 'vitest';
import { deps, FakeEngine } from '../../test/inbound-fakes.js';
import type { DiscoveredElement } from './discovery.js';
import { InboundExecutable } from './executable.js';

const hook = defineInbound({
  kind: 'webhook',
  id: 'test.rejecting-hook',
  name: 'Rejecting hook',
  version: 1,
  type: 'test:rejecting-hook:1',
  properties: { 'inbound.context': p.text({ label: 'Path', required: true }) },
  handle(request, ctx) {
    ctx.log({ severity: 'warning', tag: 'Security', message: `rejected ${request.method}: bad signature` });
    return { status: 401 };
  },
});

const element: DiscoveredElement = {
  bpmnProcessId: 'p',
  elementId: 'start',
  element: 'start',
  tenantId: '<default>',
  processDefinitionKey: '1',
  version: 1,
  properties: { 'inbound.type': hook.type, 'inbound.context': 'hooked' },
};

describe('InboundExecutable', () => {
  it('keeps every rejected request in the activity log but logs warnings of one tag once per 10 s', async () => {
    const warnings: unknown[] = [];
    const logger: ConnectorLogger = { debug() {}, info() {}, error() {}, warn: (o) => void warnings.push(o) };
    const d = deps(new FakeEngine(), { logger });
    const x = new InboundExecutable('id-1', hook, [element], d);
    await x.activate();
    const request = { method: 'POST', url: '/inbound/hooked', context: 'hooked', headers: {}, query: {}, body: {}, rawBody: new Uint8Array() };
    for (let i = 0; i < 5; i++) expect((await d.webhooks.get('hooked')!.handle(request)).status).toBe(401);
    expect(x.info().activity.filter((a) => a.tag === 'Security')).toHaveLength(5);
    expect(warnings).toHaveLength(1);
    await x.deactivate();
    expect(d.webhooks.get('hooked')).toBeUndefined();
  });
});
