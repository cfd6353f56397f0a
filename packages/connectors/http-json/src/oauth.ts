/**
 * OAuth 2.0 token requests: client credentials (RFC 6749 §4.4) and refresh token (§6), sent through
 * the same guarded client as every other request (block list, size limit, timeouts).
 */
import { createHash } from 'node:crypto';
import { ConnectorError, ConnectorInputError } from '@connectorkit/sdk';
import type { HttpClient, SendOptions } from './client.js';
import { ERROR_CODES } from './error-codes.js';
import type { TokenGrant } from './oauth-token-cache.js';
import { AUTH } from './properties.js';
import { buildUrl } from './request-parts.js';
import { parseBody, responseHeaders } from './response.js';
import { headerOf } from './transport.js';

export interface OAuthSettings {
  flow: typeof AUTH.oauthClientCredentials | typeof AUTH.oauthRefreshToken;
  tokenEndpoint: string;
  clientId: string;
  clientSecret?: string;
  /** Client credentials only: how the client authenticates (default: in the body). */
  clientAuthentication?: 'basicAuthHeader' | 'credentialsBody';
  scopes?: string;
  audience?: string;
  /** Refresh token flow only. */
  refreshToken?: string;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * The cache key: token endpoint, client id, scopes and audience, plus digests of the client secret
 * and refresh token, so a task with a wrong secret never receives a token another task obtained.
 */
export function cacheKey(s: OAuthSettings): string {
  return sha256(
    JSON.stringify([
      s.flow,
      s.tokenEndpoint,
      s.clientId,
      s.scopes ?? '',
      s.audience ?? '',
      s.clientAuthentication ?? '',
      sha256(s.clientSecret ?? ''),
      sha256(s.refreshToken ?? ''),
    ]),
  );
}

export const basicCredentials = (user: string, password: string) => Buffer.from(`${user}:${password}`, 'utf8').toString('base64');

function tokenError(message: string, variables?: Record<string, unknown>): ConnectorError {
  return new ConnectorError(ERROR_CODES.oauthToken, message, { variables });
}

function grantFrom(body: unknown): TokenGrant {
  const o = (body !== null && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  if (typeof o.access_token !== 'string' || o.access_token === '') {
    throw tokenError('The OAuth token endpoint answered without an access_token');
  }
  const expires = Number(o.expires_in);
  return {
    accessToken: o.access_token,
    expiresInSeconds: Number.isFinite(expires) && expires > 0 ? expires : undefined,
    refreshToken: typeof o.refresh_token === 'string' && o.refresh_token !== '' ? o.refresh_token : undefined,
  };
}

/** Asks the token endpoint for a new access token. */
export async function requestToken(
  client: HttpClient,
  s: OAuthSettings,
  options: Omit<SendOptions, 'followRedirects'>,
  rotatedRefreshToken?: string,
): Promise<TokenGrant> {
  if (s.flow === AUTH.oauthClientCredentials && !s.clientSecret) {
    throw ConnectorInputError.fromIssues([{ field: 'authentication.clientSecret', rule: 'is required' }]);
  }
  const form = new URLSearchParams();
  const headers: Record<string, string> = {
    'Content-Type': 'application/x-www-form-urlencoded',
    Accept: 'application/json',
  };
  if (s.flow === AUTH.oauthClientCredentials) {
    form.set('grant_type', 'client_credentials');
    if (s.audience) form.set('audience', s.audience);
    if (s.clientAuthentication === 'basicAuthHeader') {
      headers.Authorization = `Basic ${basicCredentials(s.clientId, s.clientSecret!)}`;
    } else {
      form.set('client_id', s.clientId);
      form.set('client_secret', s.clientSecret!);
    }
  } else {
    form.set('grant_type', 'refresh_token');
    form.set('refresh_token', rotatedRefreshToken ?? s.refreshToken ?? '');
    form.set('client_id', s.clientId);
    if (s.clientSecret) form.set('client_secret', s.clientSecret);
  }
  if (s.scopes) form.set('scope', s.scopes);

  const url = buildUrl(s.tokenEndpoint, undefined);
  const response = await client.send(
    { method: 'POST', url, headers, body: form.toString() },
    { ...options, followRedirects: false },
  );
  if (response.status >= 300) {
    const body = parseBody(response, 'JSON', 'utf-8');
    throw tokenError(`The OAuth token endpoint ${url.origin} refused the token request with status ${response.status}`, {
      response: { status: response.status, headers: responseHeaders(response), body },
    });
  }
  const mime = (headerOf(response.headers, 'content-type') ?? '').toLowerCase();
  const text = response.body.toString('utf8');
  if (mime.includes('application/x-www-form-urlencoded')) return grantFrom(Object.fromEntries(new URLSearchParams(text)));
  try {
    return grantFrom(JSON.parse(text));
  } catch (e) {
    if (e instanceof ConnectorError) throw e;
    throw tokenError('The OAuth token endpoint answered with something that is not JSON');
  }
}
