import { createHmac } from 'node:crypto';
import type { RuntimeHandle } from '@connectorkit/runtime';
import { webhookConnector } from '@connectorkit/connector-webhook';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, RUN, testClient, type ZeebeClient } from './support/engine.js';
import { deployXml, inboundEntry, instancesOf, instanceVariables, startInboundRuntime } from './support/inbound.js';
import { catchModel, startModel, stockWebhookProperties } from './support/inbound-models.js';

/** Element properties as Camunda's stock webhook templates write them. */
const stock = stockWebhookProperties;

let client: ZeebeClient;
let runtime: RuntimeHandle;

beforeAll(async () => {
  client = testClient();
  process.env.SECRET_E2E_HMAC = 'hmac-secret-for-e2e';
  runtime = await startInboundRuntime([webhookConnector]);
});

afterAll(async () => {
  await runtime?.stop(5000);
  await client?.close();
  delete process.env.SECRET_E2E_HMAC;
});

const post = (context: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${runtime.url}/inbound/${context}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

describe('webhook connector on the runtime, with models from the stock templates', () => {
  it('a webhook start event creates an instance with the posted body', async () => {
    const pid = `e2e-hook-start-${RUN}`;
    const context = `orders-${RUN}`;
    await deployXml(client, pid, startModel(pid, { ...stock(context), resultExpression: '={order: request.body}' }));
    await inboundEntry(runtime, pid);
    const res = await post(context, { id: 'W-1', qty: 3 });
    expect(res.status).toBe(200);
    const [created] = await eventually('the instance', async () => {
      const list = await instancesOf(pid);
      return list.length > 0 ? list : undefined;
    });
    const vars = await eventually('its variables', async () => {
      const v = await instanceVariables(created!.key);
      return 'order' in v ? v : undefined;
    });
    expect(vars).toEqual({ order: { id: 'W-1', qty: 3 } });
  });

  it('an intermediate webhook event correlates by key', async () => {
    const pid = `e2e-hook-catch-${RUN}`;
    const context = `paid-${RUN}`;
    await deployXml(
      client,
      pid,
      catchModel(pid, `hook-paid-${RUN}`, { ...stock(context), correlationKeyExpression: '=request.body.orderId', resultExpression: '={paidAmount: request.body.amount}' }),
    );
    await inboundEntry(runtime, pid);
    const done = client.createProcessInstanceWithResult({ bpmnProcessId: pid, variables: { orderId: 'K-9' }, requestTimeout: 60_000 });
    const res = await post(context, { orderId: 'K-9', amount: 12.5 });
    expect(res.status).toBe(200);
    expect((await done).variables).toMatchObject({ orderId: 'K-9', paidAmount: 12.5 });
  });

  it('a bad HMAC signature answers 401 and creates nothing; the right one creates an instance', async () => {
    const pid = `e2e-hook-hmac-${RUN}`;
    const context = `signed-${RUN}`;
    await deployXml(
      client,
      pid,
      startModel(pid, {
        ...stock(context, {
          'inbound.shouldValidateHmac': 'enabled',
          'inbound.hmacSecret': '{{secrets.E2E_HMAC}}',
          'inbound.hmacHeader': 'x-signature',
          'inbound.hmacAlgorithm': 'sha_256',
        }),
        resultVariable: 'payload',
      }),
    );
    await inboundEntry(runtime, pid);
    const body = { event: 'created' };
    const bad = await post(context, body, { 'x-signature': 'deadbeef' });
    expect(bad.status).toBe(401);
    const missing = await post(context, body);
    expect(missing.status).toBe(401);
    const good = createHmac('sha256', 'hmac-secret-for-e2e').update(JSON.stringify(body)).digest('hex');
    expect((await post(context, body, { 'x-signature': good })).status).toBe(200);
    await eventually('one instance', async () => ((await instancesOf(pid)).length === 1 ? true : undefined));
    await new Promise((r) => setTimeout(r, 500));
    expect(await instancesOf(pid)).toHaveLength(1);
    const listed = await inboundEntry(runtime, pid);
    expect(JSON.stringify(listed)).not.toContain('hmac-secret-for-e2e');
  });

  it('an unknown context answers 404', async () => {
    expect((await post(`nobody-${RUN}`, {})).status).toBe(404);
  });
});
