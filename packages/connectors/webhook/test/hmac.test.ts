import { createHmac } from 'node:crypto';
import { ConnectorInputError } from '@connectorkit/sdk';
import { describe, expect, it } from 'vitest';
import { activate, activityText, handle, request } from './harness.js';

const SECRET = 'hmac-s3cr3t-value';
const URL_BASE = 'http://hooks.example.com/inbound/orders';
const sign = (algorithm: string, data: string, encoding: 'hex' | 'base64' = 'hex') =>
  createHmac(algorithm, SECRET).update(data, 'utf8').digest(encoding);

const hmacElement = (extra: Record<string, string> = {}) => ({
  'inbound.context': 'orders',
  'inbound.shouldValidateHmac': 'enabled',
  'inbound.hmacSecret': SECRET,
  'inbound.hmacHeader': 'X-Signature',
  ...extra,
});

const INVALID_SIGNATURE = { reason: "Reason: INVALID_SIGNATURE. Details: HMAC signature check didn't pass" };

describe('HMAC over the body (default scope)', () => {
  const raw = '{"order":42,"note":"grüße"}';

  it.each([
    ['sha_1', 'sha1'],
    ['sha_256', 'sha256'],
    ['sha_512', 'sha512'],
  ])('accepts a %s signature in hex, base64 and tagged hex', async (algorithm, node) => {
    const h = await activate(hmacElement({ 'inbound.hmacAlgorithm': algorithm }));
    for (const signature of [sign(node, raw), sign(node, raw, 'base64'), `${node}=${sign(node, raw)}`, sign(node, raw).toUpperCase()]) {
      const res = await handle(h, request({ raw, headers: { 'x-signature': signature } }));
      expect(res.status, signature).toBe(200);
    }
    expect(h.correlations).toHaveLength(4);
  });

  it('uses sha_256 when the algorithm is not set', async () => {
    const h = await activate(hmacElement());
    expect((await handle(h, request({ raw, headers: { 'x-signature': sign('sha256', raw) } }))).status).toBe(200);
    expect((await handle(h, request({ raw, headers: { 'x-signature': sign('sha1', raw) } }))).status).toBe(401);
  });

  it('rejects a signature of other bytes with 401 and Camunda’s reason, without correlating or logging the secret', async () => {
    const h = await activate(hmacElement());
    const res = await handle(h, request({ raw, headers: { 'x-signature': sign('sha256', `${raw} `) } }));

    expect(res).toMatchObject({ status: 401, body: INVALID_SIGNATURE });
    expect(h.correlations).toHaveLength(0);
    expect(h.activities).toEqual([expect.objectContaining({ severity: 'warning', tag: 'Authentication' })]);
    expect(h.activities[0]!.message).toContain('does not match');
    expect(activityText(h)).not.toContain(SECRET);
    expect(JSON.stringify(res)).not.toContain(SECRET);
  });

  it('rejects a missing signature header with 401, not a server error', async () => {
    const h = await activate(hmacElement());
    const res = await handle(h, request({ raw }));
    expect(res).toMatchObject({ status: 401, body: INVALID_SIGNATURE });
    expect(h.activities[0]!.message).toContain('x-signature is missing');
  });

  it('rejects a signature that is neither hex nor base64 of a digest', async () => {
    const h = await activate(hmacElement());
    for (const signature of ['sha256=', 'not a signature', sign('sha256', raw).slice(0, 40)]) {
      expect((await handle(h, request({ raw, headers: { 'x-signature': signature } }))).status).toBe(401);
    }
  });
});

describe('HMAC scopes', () => {
  it('URL and BODY: signs the URL then a JSON object of strings as sorted name+value pairs (Twilio)', async () => {
    const h = await activate(hmacElement({ 'inbound.hmacScopes': '=["url", "body"]' }));
    const raw = '{"To":"+100","From":"+200","Body":"hi"}';
    const data = `${URL_BASE}BodyhiFrom+200To+100`;
    expect((await handle(h, request({ raw, headers: { 'x-signature': sign('sha256', data) } }))).status).toBe(200);
    expect((await handle(h, request({ raw, headers: { 'x-signature': sign('sha256', raw) } }))).status).toBe(401);
  });

  it('URL and BODY: a form body is signed as sorted name+value pairs', async () => {
    const h = await activate(hmacElement({ 'inbound.hmacScopes': '=["URL","BODY"]', 'inbound.hmacAlgorithm': 'sha_1' }));
    const raw = 'To=%2B100&Body=hello+world&From=%2B200';
    const data = `${URL_BASE}Bodyhello worldFrom+200To+100`;
    const res = await handle(
      h,
      request({ raw, headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-signature': sign('sha1', data, 'base64') } }),
    );
    expect(res.status).toBe(200);
  });

  it('URL and BODY: other JSON is signed as compact JSON after the URL', async () => {
    const h = await activate(hmacElement({ 'inbound.hmacScopes': '=["url","body"]' }));
    const raw = '{ "order": 42,\n  "items": [1, 2] }';
    const data = `${URL_BASE}{"order":42,"items":[1,2]}`;
    expect((await handle(h, request({ raw, headers: { 'x-signature': sign('sha256', data) } }))).status).toBe(200);
  });

  it('URL: the URL the caller used behind a proxy comes from x-forwarded-proto and x-forwarded-host', async () => {
    const h = await activate(hmacElement({ 'inbound.hmacScopes': '=["url","body"]' }));
    const raw = '{"a":"1"}';
    const data = 'https://public.example.org/inbound/ordersa1';
    const headers = { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'public.example.org', 'x-signature': sign('sha256', data) };
    expect((await handle(h, request({ raw, headers }))).status).toBe(200);
  });

  it('URL and PARAMETERS: signs URL?name=value&... in the order sent, form-encoded as Java does', async () => {
    const h = await activate(hmacElement({ 'inbound.hmacScopes': '=["url","parameters"]' }));
    const url = '/inbound/orders?b=two%20words&a=x*y~z&b=ignored';
    const data = `${URL_BASE}?b=two+words&a=x*y%7Ez`;
    const res = await handle(h, request({ method: 'GET', url, headers: { 'x-signature': sign('sha256', data) } }));
    expect(res.status).toBe(200);
  });

  it('URL, PARAMETERS and BODY: parameters for GET, body for other methods', async () => {
    const h = await activate(hmacElement({ 'inbound.hmacScopes': '=["url","parameters","body"]' }));
    const get = request({ method: 'GET', url: '/inbound/orders?id=7', headers: { 'x-signature': sign('sha256', `${URL_BASE}?id=7`) } });
    expect((await handle(h, get)).status).toBe(200);
    const raw = '{"id":"7"}';
    const post = request({ url: '/inbound/orders?id=7', raw, headers: { 'x-signature': sign('sha256', `${URL_BASE}id7`) } });
    expect((await handle(h, post)).status).toBe(200);
    const postSignedAsGet = request({ url: '/inbound/orders?id=7', raw, headers: { 'x-signature': sign('sha256', `${URL_BASE}?id=7`) } });
    expect((await handle(h, postSignedAsGet)).status).toBe(401);
  });

  it.each([['=["url"]'], ['=["parameters"]'], ['=["body","parameters"]'], ['=["url","header"]'], ['=[]']])(
    'refuses the scopes %s at activation, naming the field',
    async (scopes) => {
      const error = await activate(hmacElement({ 'inbound.hmacScopes': scopes })).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConnectorInputError);
      const fields = (error as ConnectorInputError).issues.map((i) => i.field);
      expect(fields).toHaveLength(1);
      expect(fields[0]).toMatch(/^inbound\.hmacScopes(\.\d+)?$/);
    },
  );

  it('refuses HMAC without a secret or with a header name that is no header name', async () => {
    const noSecret = await activate(hmacElement({ 'inbound.hmacSecret': '' })).catch((e: unknown) => e);
    expect((noSecret as ConnectorInputError).issues.map((i) => i.field)).toEqual(['inbound.hmacSecret']);
    const badHeader = await activate(hmacElement({ 'inbound.hmacHeader': 'X Signature' })).catch((e: unknown) => e);
    expect((badHeader as ConnectorInputError).issues.map((i) => i.field)).toEqual(['inbound.hmacHeader']);
  });

  it('ignores leftover HMAC fields when HMAC is disabled', async () => {
    const h = await activate({ ...hmacElement({ 'inbound.hmacScopes': '=["url"]' }), 'inbound.shouldValidateHmac': 'disabled' });
    expect((await handle(h, request({ body: { a: 1 } }))).status).toBe(200);
  });
});
