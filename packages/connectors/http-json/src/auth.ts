/**
 * Authentication of a request: adds the header or query parameter each type calls for, and names
 * the credential values so that errors can mask them.
 */
import { ConnectorInputError } from '@connectorkit/sdk';
import { basicCredentials, cacheKey, type OAuthSettings } from './oauth.js';
import { AUTH, type HttpJsonInput } from './properties.js';
import type { HeaderSet } from './request-parts.js';

export type AuthenticationInput = HttpJsonInput['authentication'];

/** Obtains an access token for OAuth settings (cached or new). */
export type TokenSource = (settings: OAuthSettings, cacheKey: string) => Promise<string>;

export interface AppliedAuth {
  /** Headers that carry a credential (besides Authorization): dropped on a redirect to another origin. */
  credentialHeaders: string[];
  /** Set for OAuth: which token was used, so that a refusal can evict it. */
  oauth?: { cacheKey: string; accessToken: string };
}

function need<T>(value: T | undefined, field: string): T {
  if (value === undefined || value === '') throw ConnectorInputError.fromIssues([{ field, rule: 'is required' }]);
  return value;
}

/** The OAuth settings of an input, or undefined for other types. */
export function oauthSettings(auth: AuthenticationInput): OAuthSettings | undefined {
  if (auth.type !== AUTH.oauthClientCredentials && auth.type !== AUTH.oauthRefreshToken) return undefined;
  const base = {
    tokenEndpoint: need(auth.oauthTokenEndpoint, 'authentication.oauthTokenEndpoint'),
    clientId: need(auth.clientId, 'authentication.clientId'),
    clientSecret: auth.clientSecret || undefined,
    scopes: auth.scopes?.trim() || undefined,
  };
  if (auth.type === AUTH.oauthRefreshToken) {
    return { ...base, flow: auth.type, refreshToken: need(auth.refreshToken, 'authentication.refreshToken') };
  }
  return {
    ...base,
    flow: auth.type,
    clientSecret: need(auth.clientSecret, 'authentication.clientSecret'),
    clientAuthentication: auth.clientAuthentication,
    audience: auth.audience || undefined,
  };
}

/**
 * Every credential value of an input, in the forms it may travel (a Basic header is base64), so
 * errors can mask them. Values an API might echo back, never logged.
 */
export function credentialValues(auth: AuthenticationInput): string[] {
  const values = [auth.password, auth.token, auth.value, auth.clientSecret, auth.refreshToken];
  if (auth.type === AUTH.basic && auth.username !== undefined && auth.password !== undefined) {
    values.push(basicCredentials(auth.username, auth.password));
  }
  if (auth.type === AUTH.oauthClientCredentials && auth.clientId !== undefined && auth.clientSecret !== undefined) {
    values.push(basicCredentials(auth.clientId, auth.clientSecret));
  }
  return values.filter((v): v is string => typeof v === 'string' && v !== '');
}

/** Adds the credentials to the request's headers or URL. */
export async function applyAuth(
  auth: AuthenticationInput,
  request: { url: URL; headers: HeaderSet },
  tokens: TokenSource,
  /** Receives credentials obtained on the way (an access token), for masking. */
  sensitive: string[],
): Promise<AppliedAuth> {
  switch (auth.type) {
    case AUTH.none:
      return { credentialHeaders: [] };
    case AUTH.basic: {
      const user = need(auth.username, 'authentication.username');
      const password = need(auth.password, 'authentication.password');
      request.headers.set('Authorization', `Basic ${basicCredentials(user, password)}`);
      return { credentialHeaders: [] };
    }
    case AUTH.bearer:
      request.headers.set('Authorization', `Bearer ${need(auth.token, 'authentication.token')}`);
      return { credentialHeaders: [] };
    case AUTH.apiKey: {
      const name = need(auth.name, 'authentication.name');
      const value = need(auth.value, 'authentication.value');
      if (auth.apiKeyLocation === 'query') {
        request.url.searchParams.set(name, value);
        return { credentialHeaders: [] };
      }
      request.headers.set(name, value);
      return { credentialHeaders: [name] };
    }
    case AUTH.oauthClientCredentials:
    case AUTH.oauthRefreshToken: {
      const settings = oauthSettings(auth)!;
      const key = cacheKey(settings);
      const accessToken = await tokens(settings, key);
      sensitive.push(accessToken);
      request.headers.set('Authorization', `Bearer ${accessToken}`);
      return { credentialHeaders: [], oauth: { cacheKey: key, accessToken } };
    }
  }
}
