import { runOutbound } from '@connectorkit/sdk/testing';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { connector, failure, mockHttp } from '../test/support.js';
import { OAuthTokenCache } from './oauth-token-cache.js';

const { server, seen } = mockHttp();
const API = 'https://api.example.com/v1/me';
const TOKEN_URL = 'https://auth.example.com/oauth/token';

function echoApi() {
  server.use(http.get(API, () => HttpResponse.json({ ok: true })));
}

const apiRequests = () => seen.filter((r) => r.url.startsWith(API));
const tokenRequests = () => seen.filter((r) => r.url.startsWith(TOKEN_URL));
const base64 = (text: string) => Buffer.from(text).toString('base64');

describe('authentication', () => {
  it('none: sends no Authorization header', async () => {
    echoApi();
    await runOutbound(connector(), { variables: { url: API, authentication: { type: 'noAuth' } } });
    expect(apiRequests()[0]!.headers.get('authorization')).toBeNull();
  });

  it('basic: sends the user and password as a Basic header', async () => {
    echoApi();
    await runOutbound(connector(), {
      variables: { url: API, authentication: { type: 'basic', username: 'jane', password: '{{secrets.PW}}' } },
      secrets: { PW: 'pä$$:word' },
    });
    expect(apiRequests()[0]!.headers.get('authorization')).toBe(`Basic ${base64('jane:pä$$:word')}`);
  });

  it('bearer: sends the token, replacing an Authorization header given by hand', async () => {
    echoApi();
    await runOutbound(connector(), {
      variables: { url: API, headers: { authorization: 'Bearer stale' }, authentication: { type: 'bearer', token: 'tok-1' } },
    });
    expect(apiRequests()[0]!.headers.get('authorization')).toBe('Bearer tok-1');
  });

  it('API key in a header', async () => {
    echoApi();
    await runOutbound(connector(), {
      variables: { url: API, authentication: { type: 'apiKey', apiKeyLocation: 'headers', name: 'X-API-Key', value: 'k-1' } },
    });
    expect(apiRequests()[0]!.headers.get('x-api-key')).toBe('k-1');
    expect(new URL(apiRequests()[0]!.url).search).toBe('');
  });

  it('API key as a query parameter (next to the other parameters)', async () => {
    echoApi();
    await runOutbound(connector(), {
      variables: {
        url: API,
        queryParameters: { lang: 'en' },
        authentication: { type: 'apiKey', apiKeyLocation: 'query', name: 'api_key', value: 'k 2&x' },
      },
    });
    const url = new URL(apiRequests()[0]!.url);
    expect(url.searchParams.get('api_key')).toBe('k 2&x');
    expect(url.searchParams.get('lang')).toBe('en');
    expect(apiRequests()[0]!.headers.get('api_key')).toBeNull();
  });

  it('API key location defaults to headers, as in the stock template', async () => {
    echoApi();
    await runOutbound(connector(), { variables: { url: API, authentication: { type: 'apiKey', name: 'X-Key', value: 'k-3' } } });
    expect(apiRequests()[0]!.headers.get('x-key')).toBe('k-3');
  });

  describe('OAuth 2.0 client credentials', () => {
    const oauth = (overrides: Record<string, unknown> = {}) => ({
      url: API,
      authentication: {
        type: 'oauth-client-credentials-flow',
        oauthTokenEndpoint: TOKEN_URL,
        clientId: 'client-1',
        clientSecret: '{{secrets.CLIENT_SECRET}}',
        clientAuthentication: 'credentialsBody',
        scopes: 'read:me write:me',
        audience: 'https://api.example.com',
        ...overrides,
      },
    });
    const secrets = { CLIENT_SECRET: 'cs-very-secret' };

    /** A token endpoint that issues token-1, token-2, ... valid for `expiresIn` seconds (null: no lifetime given). */
    function tokenEndpoint(expiresIn: number | null = 3600) {
      let issued = 0;
      server.use(
        http.post(TOKEN_URL, () => {
          issued += 1;
          const lifetime = expiresIn === null ? {} : { expires_in: expiresIn };
          return HttpResponse.json({ access_token: `token-${issued}`, token_type: 'Bearer', ...lifetime });
        }),
      );
    }

    it('asks for a token with the credentials in the body and sends it as a Bearer token', async () => {
      tokenEndpoint();
      echoApi();
      await runOutbound(connector(), { variables: oauth(), secrets });
      const tokenRequest = tokenRequests()[0]!;
      expect(tokenRequest.headers.get('content-type')).toBe('application/x-www-form-urlencoded');
      expect(tokenRequest.headers.get('authorization')).toBeNull();
      expect(Object.fromEntries(new URLSearchParams(await tokenRequest.text()))).toEqual({
        grant_type: 'client_credentials',
        client_id: 'client-1',
        client_secret: 'cs-very-secret',
        scope: 'read:me write:me',
        audience: 'https://api.example.com',
      });
      expect(apiRequests()[0]!.headers.get('authorization')).toBe('Bearer token-1');
    });

    it('can send the client credentials as a Basic header instead', async () => {
      tokenEndpoint();
      echoApi();
      await runOutbound(connector(), { variables: oauth({ clientAuthentication: 'basicAuthHeader' }), secrets });
      const tokenRequest = tokenRequests()[0]!;
      expect(tokenRequest.headers.get('authorization')).toBe(`Basic ${base64('client-1:cs-very-secret')}`);
      const form = new URLSearchParams(await tokenRequest.text());
      expect(form.has('client_secret')).toBe(false);
      expect(form.get('grant_type')).toBe('client_credentials');
    });

    it('fetches the token once and reuses it across executions, then refreshes it shortly before it expires', async () => {
      let now = 1_700_000_000_000;
      const rest = connector({ tokenCache: new OAuthTokenCache({ now: () => now }) });
      tokenEndpoint(3600);
      echoApi();
      await runOutbound(rest, { variables: oauth(), secrets });
      await runOutbound(rest, { variables: oauth(), secrets });
      expect(tokenRequests()).toHaveLength(1);
      now += 3600_000 - 60_000; // a minute left: still fine
      await runOutbound(rest, { variables: oauth(), secrets });
      expect(tokenRequests()).toHaveLength(1);
      now += 45_000; // 15 s left: inside the refresh margin
      await runOutbound(rest, { variables: oauth(), secrets });
      expect(tokenRequests()).toHaveLength(2);
      expect(apiRequests().map((r) => r.headers.get('authorization'))).toEqual([
        'Bearer token-1',
        'Bearer token-1',
        'Bearer token-1',
        'Bearer token-2',
      ]);
    });

    it('keeps one token per endpoint, client, scopes and audience', async () => {
      const rest = connector();
      tokenEndpoint();
      echoApi();
      await runOutbound(rest, { variables: oauth(), secrets });
      await runOutbound(rest, { variables: oauth({ scopes: 'read:me' }), secrets });
      await runOutbound(rest, { variables: oauth({ audience: 'other' }), secrets });
      await runOutbound(rest, { variables: oauth({ clientId: 'client-2' }), secrets });
      await runOutbound(rest, { variables: oauth(), secrets });
      expect(tokenRequests()).toHaveLength(4);
      expect(apiRequests().at(-1)!.headers.get('authorization')).toBe('Bearer token-1');
    });

    it('shares one token request between concurrent executions', async () => {
      const rest = connector();
      tokenEndpoint();
      echoApi();
      await Promise.all([1, 2, 3].map(() => runOutbound(rest, { variables: oauth(), secrets })));
      expect(tokenRequests()).toHaveLength(1);
    });

    it('does not cache a token without a lifetime', async () => {
      const rest = connector();
      tokenEndpoint(null);
      echoApi();
      await runOutbound(rest, { variables: oauth(), secrets });
      await runOutbound(rest, { variables: oauth(), secrets });
      expect(tokenRequests()).toHaveLength(2);
    });

    it('forgets a token the API refuses with 401, so the retry gets a new one', async () => {
      const rest = connector();
      tokenEndpoint();
      let calls = 0;
      server.use(
        http.get(API, () => {
          calls += 1;
          return calls === 1 ? HttpResponse.json({ error: 'revoked' }, { status: 401 }) : HttpResponse.json({ ok: true });
        }),
      );
      const refused = await failure(runOutbound(rest, { variables: oauth(), secrets }));
      expect(refused.code).toBe('401');
      await runOutbound(rest, { variables: oauth(), secrets });
      expect(apiRequests().map((r) => r.headers.get('authorization'))).toEqual(['Bearer token-1', 'Bearer token-2']);
    });

    it('fails with OAUTH_TOKEN_ERROR when the token endpoint refuses, without the secret in the error', async () => {
      server.use(http.post(TOKEN_URL, () => HttpResponse.json({ error: 'invalid_client' }, { status: 401 })));
      const error = await failure(runOutbound(connector(), { variables: oauth(), secrets }));
      expect(error.code).toBe('OAUTH_TOKEN_ERROR');
      expect(error.variables).toEqual({ response: { status: 401, headers: expect.any(Object), body: { error: 'invalid_client' } } });
      expect(JSON.stringify([error.message, error.variables])).not.toContain('cs-very-secret');
      expect(apiRequests()).toHaveLength(0);
    });

    it('reads a form-encoded token response too', async () => {
      server.use(
        http.post(TOKEN_URL, () =>
          new HttpResponse('access_token=form-token&token_type=bearer&expires_in=60', {
            headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          }),
        ),
      );
      echoApi();
      await runOutbound(connector(), { variables: oauth(), secrets });
      expect(apiRequests()[0]!.headers.get('authorization')).toBe('Bearer form-token');
    });

    it('fails with OAUTH_TOKEN_ERROR when the answer holds no access token', async () => {
      server.use(http.post(TOKEN_URL, () => HttpResponse.json({ token_type: 'Bearer' })));
      const error = await failure(runOutbound(connector(), { variables: oauth(), secrets }));
      expect(error.code).toBe('OAUTH_TOKEN_ERROR');
      expect(apiRequests()).toHaveLength(0);
    });
  });

  describe('OAuth 2.0 refresh token', () => {
    const refresh = {
      url: API,
      authentication: {
        type: 'oauth-refresh-token',
        oauthTokenEndpoint: TOKEN_URL,
        clientId: 'client-1',
        refreshToken: '{{secrets.REFRESH}}',
        scopes: 'read:me',
      },
    };

    it('exchanges the refresh token, caches the access token and uses a rotated refresh token next time', async () => {
      let now = 1_700_000_000_000;
      const rest = connector({ tokenCache: new OAuthTokenCache({ now: () => now }) });
      let issued = 0;
      server.use(
        http.post(TOKEN_URL, () => {
          issued += 1;
          return HttpResponse.json({ access_token: `access-${issued}`, expires_in: 600, refresh_token: `rotated-${issued}` });
        }),
      );
      echoApi();
      await runOutbound(rest, { variables: refresh, secrets: { REFRESH: 'rt-0' } });
      await runOutbound(rest, { variables: refresh, secrets: { REFRESH: 'rt-0' } });
      now += 600_000;
      await runOutbound(rest, { variables: refresh, secrets: { REFRESH: 'rt-0' } });
      const forms = await Promise.all(tokenRequests().map(async (r) => Object.fromEntries(new URLSearchParams(await r.text()))));
      expect(forms).toEqual([
        { grant_type: 'refresh_token', refresh_token: 'rt-0', client_id: 'client-1', scope: 'read:me' },
        { grant_type: 'refresh_token', refresh_token: 'rotated-1', client_id: 'client-1', scope: 'read:me' },
      ]);
      expect(apiRequests().map((r) => r.headers.get('authorization'))).toEqual([
        'Bearer access-1',
        'Bearer access-1',
        'Bearer access-2',
      ]);
    });
  });
});

describe('authentication variants: the fields each type needs', () => {
  const input = async (authentication: Record<string, unknown>) =>
    runOutbound(connector(), { variables: { url: API, authentication } }).then(
      () => undefined,
      (e: unknown) => e as { code?: string; issues?: unknown },
    );

  it('names the missing fields of the chosen type, before any request', async () => {
    expect(await input({ type: 'basic', username: 'jane' })).toMatchObject({
      code: 'INVALID_INPUT',
      issues: [{ field: 'authentication.password', rule: 'is required' }],
    });
    expect(await input({ type: 'apiKey' })).toMatchObject({
      issues: [
        { field: 'authentication.name', rule: 'is required' },
        { field: 'authentication.value', rule: 'is required' },
      ],
    });
    expect(seen).toEqual([]);
  });

  it('requires the client secret for client credentials only, a blank one counting as missing', async () => {
    const oauth = { oauthTokenEndpoint: TOKEN_URL, clientId: 'c-1' };
    expect(await input({ type: 'oauth-client-credentials-flow', clientAuthentication: 'credentialsBody', clientSecret: '', ...oauth })).toMatchObject({
      issues: [{ field: 'authentication.clientSecret', rule: 'is required' }],
    });
    expect(await input({ type: 'oauth-refresh-token', ...oauth })).toMatchObject({
      issues: [{ field: 'authentication.refreshToken', rule: 'is required' }],
    });
  });
});
