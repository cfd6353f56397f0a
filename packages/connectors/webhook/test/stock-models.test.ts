/**
 * Elements as models built with Camunda's stock webhook templates hold them (`zeebe:property`
 * name → value), written by hand from the template versions 1 to 15: each activates and serves.
 */
import { createHmac } from 'node:crypto';
import { generateTemplates, type TemplateProperty } from '@connectorkit/sdk';
import { describe, expect, it } from 'vitest';
import { webhookConnector } from '../src/index.js';
import defaultExport from '../src/index.js';
import { activate, handle, request } from './harness.js';

const SECRET = 'stock-hmac-secret';

/** The properties every stock version writes for an element with HMAC and basic authorization. */
function stockElement(version: number): Record<string, string> {
  const e: Record<string, string> = {
    'inbound.type': 'io.camunda:webhook:1',
    'inbound.context': `orders-v${version}`,
    'inbound.method': 'post',
    'inbound.shouldValidateHmac': 'enabled',
    'inbound.hmacSecret': SECRET,
    'inbound.hmacHeader': 'X-Hub-Signature-256',
    'inbound.hmacAlgorithm': 'sha_256',
    'inbound.hmacScopes': '=["BODY"]',
    'inbound.auth.type': 'BASIC',
    'inbound.auth.username': 'shop',
    'inbound.auth.password': 'pw',
    resultVariable: 'payload',
    activationCondition: '=request.body.kind = "order"',
  };
  if (version <= 9) e['inbound.subtype'] = 'ConfigurableInboundWebhook';
  if (version === 1) e['inbound.variableMapping'] = '={order: request.body}';
  if (version <= 2) e['inbound.activationCondition'] = '=true';
  if ([2, 3, 5, 6, 8, 9].includes(version) || version >= 10) e['inbound.verificationExpression'] = '=if request.body.challenge != null then {body: request.body.challenge} else null';
  if (version >= 6 && version <= 10) e['inbound.responseBodyExpression'] = '={received: true}';
  if (version >= 11) e['inbound.responseExpression'] = '={statusCode: 202, body: {received: true}}';
  if (version >= 11) e.consumeUnmatchedEvents = 'true';
  if (version >= 13) Object.assign(e, { deduplicationModeManualFlag: 'false', deduplicationMode: 'AUTO' });
  if (version >= 14) e.synchronousResponse = 'false';
  return e;
}

const versions = Array.from({ length: 15 }, (_, i) => i + 1);

describe('elements of the stock webhook templates', () => {
  it.each(versions)('version %i activates and serves a signed, authorized request', async (version) => {
    const h = await activate(stockElement(version));
    const raw = JSON.stringify({ kind: 'order', id: version });
    const headers = {
      'x-hub-signature-256': `sha256=${createHmac('sha256', SECRET).update(raw).digest('hex')}`,
      authorization: `Basic ${Buffer.from('shop:pw').toString('base64')}`,
    };
    const res = await handle(h, request({ url: `/inbound/orders-v${version}`, raw, headers }));
    const expected = version >= 11 ? { status: 202, body: { received: true } } : version >= 6 ? { status: 200, body: { received: true } } : { status: 200 };
    expect(res).toEqual(expected);
    expect(h.correlations).toHaveLength(1);
    expect((await handle(h, request({ url: `/inbound/orders-v${version}`, raw, headers: { ...headers, authorization: 'Basic eDp5' } }))).status).toBe(401);
  });

  it.each([
    ['API key with the default locator', { 'inbound.auth.type': 'APIKEY', 'inbound.auth.apiKey': 'k', 'inbound.auth.apiKeyLocator': '=split(request.headers.authorization, " ")[2]' }],
    ['JWT', { 'inbound.auth.type': 'JWT', 'inbound.auth.jwt.jwkUrl': 'https://issuer.test/jwks', 'inbound.auth.jwt.permissionsExpression': '=roles', 'inbound.auth.jwt.requiredPermissions': '=["admin"]' }],
    ['no authorization, HMAC disabled', { 'inbound.auth.type': 'NONE', 'inbound.shouldValidateHmac': 'disabled' }],
  ])('activates with %s, as every version writes it', async (_name, auth) => {
    for (const version of versions) await expect(activate({ ...stockElement(version), ...auth })).resolves.toBeDefined();
  });

  it.each(['any', 'get', 'post', 'put', 'delete'])('accepts the stock method value %s', async (method) => {
    await expect(activate({ 'inbound.context': 'x', 'inbound.method': method })).resolves.toBeDefined();
  });

  it('refuses a context the stock pattern refuses, naming the field', async () => {
    const error = await activate({ 'inbound.context': 'bad context/' }).catch((e: unknown) => e);
    expect((error as { issues: { field: string }[] }).issues.map((i) => i.field)).toEqual(['inbound.context']);
  });
});

describe('our element templates', () => {
  const binding = (p: TemplateProperty) => (p.binding.type === 'zeebe:property' && 'name' in p.binding ? p.binding.name : undefined);

  it('is the default and the named export', () => {
    expect(defaultExport).toBe(webhookConnector);
    expect(webhookConnector).toMatchObject({ kind: 'webhook', type: 'io.camunda:webhook:1', direction: 'inbound' });
  });

  it('has one template per element kind, under our ids, binding the stock property names', () => {
    const templates = generateTemplates(webhookConnector);
    expect(templates.map((t) => t.id)).toEqual([
      'io.connectorkit.webhook.start',
      'io.connectorkit.webhook.message-start',
      'io.connectorkit.webhook.intermediate',
      'io.connectorkit.webhook.boundary',
      'io.connectorkit.webhook.receive',
    ]);
    for (const t of templates) {
      const names = t.properties.map(binding);
      expect(names).toEqual(
        expect.arrayContaining([
          'inbound.type',
          'inbound.context',
          'inbound.method',
          'inbound.shouldValidateHmac',
          'inbound.hmacSecret',
          'inbound.hmacHeader',
          'inbound.hmacAlgorithm',
          'inbound.hmacScopes',
          'inbound.auth.type',
          'inbound.auth.username',
          'inbound.auth.password',
          'inbound.auth.apiKey',
          'inbound.auth.apiKeyLocator',
          'inbound.auth.jwt.jwkUrl',
          'inbound.auth.jwt.permissionsExpression',
          'inbound.auth.jwt.requiredPermissions',
          'inbound.verificationExpression',
          'inbound.responseExpression',
          'activationCondition',
          'resultExpression',
        ]),
      );
      expect(t.properties.find((p) => binding(p) === 'inbound.type')).toMatchObject({ type: 'Hidden', value: 'io.camunda:webhook:1' });
      expect(t.properties.find((p) => binding(p) === 'inbound.auth.apiKeyLocator')).toMatchObject({ value: '=split(request.headers.authorization, " ")[2]' });
      expect(t.properties.filter((p) => p.secret).map(binding).sort()).toEqual(['inbound.auth.apiKey', 'inbound.auth.password', 'inbound.hmacSecret']);
    }
  });
});
