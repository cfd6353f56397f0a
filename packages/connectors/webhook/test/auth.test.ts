import { ConnectorInputError } from '@connectorkit/sdk';
import { SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { activate, activityText, handle, request } from './harness.js';
import { JWKS_URL, keyPair, token, useJwks, type KeyPair } from './jwks.js';

const basicHeader = (user: string, pass: string) => `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;
const PASSWORD = 'pa55-w0rd-secret';

describe('basic authorization', () => {
  const element = { 'inbound.context': 'orders', 'inbound.auth.type': 'BASIC', 'inbound.auth.username': 'shop', 'inbound.auth.password': '{{secrets.HOOK_PASSWORD}}' };
  const secrets = { HOOK_PASSWORD: PASSWORD };

  it('accepts the right username and password (scheme in any case)', async () => {
    const h = await activate(element, secrets);
    expect((await handle(h, request({ headers: { authorization: basicHeader('shop', PASSWORD) } }))).status).toBe(200);
    expect((await handle(h, request({ headers: { authorization: basicHeader('shop', PASSWORD).replace('Basic', 'basic') } }))).status).toBe(200);
    expect(h.correlations).toHaveLength(2);
  });

  it('answers a missing header with 401 "Basic auth header is missing"', async () => {
    const h = await activate(element, secrets);
    for (const headers of [{}, { authorization: 'Bearer x' }, { authorization: 'Basic ' }] as Record<string, string>[]) {
      expect(await handle(h, request({ headers }))).toMatchObject({
        status: 401,
        body: { reason: 'Reason: INVALID_CREDENTIALS. Details: Basic auth header is missing' },
      });
    }
  });

  it('answers wrong credentials with 401 "Basic auth header is invalid", logging no credential', async () => {
    const h = await activate(element, secrets);
    for (const authorization of [basicHeader('shop', 'wrong'), basicHeader('other', PASSWORD), basicHeader('shop', `${PASSWORD}x`)]) {
      expect(await handle(h, request({ headers: { authorization } }))).toMatchObject({
        status: 401,
        body: { reason: 'Reason: INVALID_CREDENTIALS. Details: Basic auth header is invalid' },
      });
    }
    expect(h.correlations).toHaveLength(0);
    expect(h.activities).toHaveLength(3);
    expect(activityText(h)).not.toContain(PASSWORD);
  });

  it('refuses activation without a password, naming the field', async () => {
    const error = await activate({ ...element, 'inbound.auth.password': '' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectorInputError);
    expect((error as ConnectorInputError).issues).toEqual([{ field: 'inbound.auth.password', rule: 'must not be empty' }]);
  });
});

describe('API key authorization', () => {
  const KEY = 'k3y-0f-the-shop';

  it('finds the key with the default locator (the Authorization header’s second word)', async () => {
    const h = await activate({ 'inbound.context': 'orders', 'inbound.auth.type': 'APIKEY', 'inbound.auth.apiKey': KEY });
    expect((await handle(h, request({ headers: { authorization: `Bearer ${KEY}` } }))).status).toBe(200);
    expect(await handle(h, request({ headers: { authorization: 'Bearer nope' } }))).toMatchObject({
      status: 401,
      body: { reason: 'Reason: INVALID_CREDENTIALS. Details: API key is invalid' },
    });
    expect(await handle(h, request())).toMatchObject({
      status: 401,
      body: { reason: 'Reason: INVALID_CREDENTIALS. Details: API key is missing' },
    });
    expect(h.correlations).toHaveLength(1);
    expect(activityText(h)).not.toContain(KEY);
  });

  it('evaluates a custom locator per request over request.headers, params and body', async () => {
    const h = await activate({
      'inbound.context': 'orders',
      'inbound.auth.type': 'APIKEY',
      'inbound.auth.apiKey': KEY,
      'inbound.auth.apiKeyLocator': '=if request.params.key != null then request.params.key else request.body.auth.key',
    });
    expect((await handle(h, request({ url: `/inbound/orders?key=${KEY}` }))).status).toBe(200);
    expect((await handle(h, request({ body: { auth: { key: KEY } } }))).status).toBe(200);
    expect((await handle(h, request({ body: { auth: { key: 'other' } } }))).status).toBe(401);
    expect((await handle(h, request({ body: { unrelated: true } }))).status).toBe(401);
  });

  it('refuses a locator that is not FEEL at activation, naming it', async () => {
    const error = await activate({
      'inbound.context': 'orders',
      'inbound.auth.type': 'APIKEY',
      'inbound.auth.apiKey': KEY,
      'inbound.auth.apiKeyLocator': '=split(request.headers.authorization, " "',
    }).catch((e: unknown) => e);
    expect((error as ConnectorInputError).issues.map((i) => i.field)).toEqual(['inbound.auth.apiKeyLocator']);
  });
});

describe('JWT authorization', () => {
  const jwks = useJwks();
  let key: KeyPair;
  let other: KeyPair;
  beforeAll(async () => {
    key = await keyPair('key-1');
    other = await keyPair('key-1'); // same kid, different key: a forged token
  });

  const element = (extra: Record<string, string> = {}) => ({
    'inbound.context': 'orders',
    'inbound.auth.type': 'JWT',
    'inbound.auth.jwt.jwkUrl': JWKS_URL,
    'inbound.auth.jwt.permissionsExpression': '=if admin = true then ["admin"] else roles',
    'inbound.auth.jwt.requiredPermissions': '=["orders:write"]',
    ...extra,
  });
  const bearer = (t: string) => ({ authorization: `Bearer ${t}` });

  it('accepts a token signed by a key of the set holding every required role; fetches the set once', async () => {
    jwks.keys = [key.jwk];
    const h = await activate(element());
    const t = await token(key, { sub: 'shop', roles: ['orders:read', 'orders:write'] });
    expect((await handle(h, request({ headers: bearer(t) }))).status).toBe(200);
    expect((await handle(h, request({ headers: bearer(t) }))).status).toBe(200);
    expect(h.correlations).toHaveLength(2);
    expect(jwks.fetches).toBe(1);
  });

  it('answers 403 FORBIDDEN when a required role is missing (Camunda’s answer)', async () => {
    jwks.keys = [key.jwk];
    const h = await activate(element());
    const res = await handle(h, request({ headers: bearer(await token(key, { roles: ['orders:read'] })) }));
    expect(res).toMatchObject({ status: 403, body: { reason: 'Reason: FORBIDDEN. Details: Missing required permissions' } });
    expect(h.activities[0]!.message).toContain('orders:write');
    expect(h.correlations).toHaveLength(0);
  });

  it('evaluates the permissions expression over the token payload', async () => {
    jwks.keys = [key.jwk];
    const h = await activate(element({ 'inbound.auth.jwt.requiredPermissions': '=["admin"]' }));
    expect((await handle(h, request({ headers: bearer(await token(key, { admin: true })) }))).status).toBe(200);
    expect((await handle(h, request({ headers: bearer(await token(key, { admin: false, roles: ['x'] })) }))).status).toBe(403);
  });

  it('checks no roles when none are required', async () => {
    jwks.keys = [key.jwk];
    const h = await activate({ 'inbound.context': 'orders', 'inbound.auth.type': 'JWT', 'inbound.auth.jwt.jwkUrl': JWKS_URL });
    expect((await handle(h, request({ headers: bearer(await token(key, {})) }))).status).toBe(200);
  });

  const JWT_FAILED = { status: 401, body: { reason: 'Reason: INVALID_CREDENTIALS. Details: JWT auth failed' } };

  it('rejects an expired token', async () => {
    jwks.keys = [key.jwk];
    const h = await activate(element());
    const expired = await token(key, { roles: ['orders:write'] }, Math.floor(Date.now() / 1000) - 60);
    expect(await handle(h, request({ headers: bearer(expired) }))).toMatchObject(JWT_FAILED);
    expect(h.activities[0]!.message).toContain('expired');
  });

  it('rejects a token whose signature does not verify with the set’s key', async () => {
    jwks.keys = [key.jwk];
    const h = await activate(element());
    expect(await handle(h, request({ headers: bearer(await token(other, { roles: ['orders:write'] })) }))).toMatchObject(JWT_FAILED);
    expect(h.activities[0]!.message).toContain('signature');
  });

  it('rejects a token of an unknown key, a malformed token, no token and an HMAC-signed token', async () => {
    jwks.keys = [key.jwk];
    const h = await activate(element());
    const unknownKid = await token(key, { roles: ['orders:write'] }, '5m', 'key-2');
    const hs256 = await new SignJWT({ roles: ['orders:write'] })
      .setProtectedHeader({ alg: 'HS256', kid: 'key-1' })
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode('a-shared-secret-of-enough-length!'));
    for (const headers of [bearer(unknownKid), bearer('not.a.token'), bearer('garbage'), {}, bearer(hs256)] as Record<string, string>[]) {
      expect(await handle(h, request({ headers }))).toMatchObject(JWT_FAILED);
    }
    expect(h.correlations).toHaveLength(0);
  });

  it('answers 503 with Retry-After when the key set cannot be fetched (not the caller’s fault)', async () => {
    jwks.status = 500;
    const h = await activate(element());
    const res = await handle(h, request({ headers: bearer(await token(key, { roles: ['orders:write'] })) }));
    expect(res.status).toBe(503);
    expect(res.headers).toMatchObject({ 'retry-after': '5' });
    expect(h.activities[0]).toMatchObject({ severity: 'error', tag: 'Authorization' });
  });

  it('refuses a JWK URL that is no http(s) URL, and required roles without an expression to read them', async () => {
    const badUrl = await activate(element({ 'inbound.auth.jwt.jwkUrl': 'ftp://issuer.test/jwks' })).catch((e: unknown) => e);
    expect((badUrl as ConnectorInputError).issues.map((i) => i.field)).toEqual(['inbound.auth.jwt.jwkUrl']);
    const noExpression = await activate({
      'inbound.context': 'orders',
      'inbound.auth.type': 'JWT',
      'inbound.auth.jwt.jwkUrl': JWKS_URL,
      'inbound.auth.jwt.requiredPermissions': '=["admin"]',
    }).catch((e: unknown) => e);
    expect((noExpression as ConnectorInputError).issues.map((i) => i.field)).toEqual(['inbound.auth.jwt.permissionsExpression']);
  });
});
