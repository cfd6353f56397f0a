/**
 * Authentication of a request: adds the header or query parameter each type calls for, and names
 * the credential values so that errors can mask them.
 */
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

/** The OAuth settings of an input, or undefined for other types. Validation made sure each type's fields are there. */
export function oauthSettings(auth: AuthenticationInput): OAuthSettings | undefined {
  if (auth.type !== AUTH.oauthClientCredentials && auth.type !== AUTH.oauthRefreshToken) return undefined;
  const base = {
    tokenEndpoint: auth.oauthTokenEndpoint,
    clientId: auth.clientId,
    clientSecret: auth.clientSecret || undefined,
    scopes: auth.scopes?.trim() || undefined,
  };
  if (auth.type === AUTH.oauthRefreshToken) return { ...base, flow: auth.type, refreshToken: auth.refreshToken };
  return {
    ...base,
    flow: auth.type,
    clientSecret: auth.clientSecret,
    clientAuthentication: auth.clientAuthentication,
    audience: auth.audience || undefined,
  };
}

/**
 * Every credential value of an input, in the forms it may travel (a Basic header is base64), so
 * errors can mask them. Values an API might echo back, never logged.
 */
export function credentialValues(auth: AuthenticationInput): string[] {
  const values: (string | undefined)[] = [];
  switch (auth.type) {
    case AUTH.basic:
      values.push(auth.password, basicCredentials(auth.username, auth.password));
      break;
    case AUTH.bearer:
      values.push(auth.token);
      break;
    case AUTH.apiKey:
      values.push(auth.value);
      break;
    case AUTH.oauthClientCredentials:
      values.push(auth.clientSecret, basicCredentials(auth.clientId, auth.clientSecret));
      break;
    case AUTH.oauthRefreshToken:
      values.push(auth.clientSecret, auth.refreshToken);
      break;
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
      request.headers.set('Authorization', `Basic ${basicCredentials(auth.username, auth.password)}`);
      return { credentialHeaders: [] };
    }
    case AUTH.bearer:
      request.headers.set('Authorization', `Bearer ${auth.token}`);
      return { credentialHeaders: [] };
    case AUTH.apiKey: {
      const { name, value } = auth;
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
