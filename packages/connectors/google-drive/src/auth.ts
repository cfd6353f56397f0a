/**
 * Credentials -> a google-auth-library client that fetches and refreshes access tokens itself:
 * `JWT` for a service account key (JWT bearer grant, optional impersonation), `OAuth2Client` for a
 * client id, secret and refresh token (refresh-token grant). Both refresh on their own before the
 * token expires, and once more when Drive answers 401 (`forceRefreshOnFailure`).
 */
import { ConnectorInputError } from '@connectorkit/sdk';
import { JWT, OAuth2Client } from 'google-auth-library';
import { AUTH_TYPE, DEFAULT_SCOPE, type GoogleDriveInput } from './properties.js';

export type DriveAuth = JWT | OAuth2Client;

/**
 * `JWT` whose refresh always signs a new grant. `JWT` asks its token cache for a new token only when
 * the cached one is about to expire, so after Drive rejects a token early (revoked, clock skew) its
 * refresh-and-retry would send the same token again; marking the token expired first makes the
 * refresh real. A refresh happens only when a token is missing, expiring, or rejected.
 */
export class ServiceAccountClient extends JWT {
  protected override async refreshTokenNoCache() {
    this.credentials = { ...this.credentials, expiry_date: 1 };
    return super.refreshTokenNoCache();
  }
}

const KEY_FIELD = 'authentication.serviceAccountKey';

interface ServiceAccountKey {
  client_email: string;
  private_key: string;
  private_key_id?: string;
}

function invalid(field: string, rule: string): ConnectorInputError {
  return ConnectorInputError.fromIssues([{ field, rule }]);
}

/** Reads a service account JSON key; errors name the field and the missing member, never the value. */
export function parseServiceAccountKey(text: string): ServiceAccountKey {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw invalid(KEY_FIELD, 'must be the JSON key file of a service account (it is not valid JSON)');
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw invalid(KEY_FIELD, 'must be the JSON key file of a service account (a JSON object)');
  }
  const key = json as Record<string, unknown>;
  if (key.type !== undefined && key.type !== 'service_account') {
    throw invalid(KEY_FIELD, `must be a service account key (its "type" is ${JSON.stringify(key.type)}, not "service_account")`);
  }
  for (const member of ['client_email', 'private_key'] as const) {
    if (typeof key[member] !== 'string' || key[member] === '') throw invalid(KEY_FIELD, `has no "${member}"`);
  }
  if (!(key.private_key as string).includes('PRIVATE KEY-----')) {
    throw invalid(KEY_FIELD, 'has a "private_key" that is not a PEM private key');
  }
  return {
    client_email: key.client_email as string,
    private_key: key.private_key as string,
    private_key_id: typeof key.private_key_id === 'string' ? key.private_key_id : undefined,
  };
}

/** The auth client for the configured credentials. Throws a ConnectorInputError for unusable ones. */
export function createAuth(auth: GoogleDriveInput['authentication']): DriveAuth {
  if (auth.authType === AUTH_TYPE.serviceAccount) {
    if (!auth.serviceAccountKey) throw invalid(KEY_FIELD, 'is required');
    const key = parseServiceAccountKey(auth.serviceAccountKey);
    return new ServiceAccountClient({
      email: key.client_email,
      key: key.private_key,
      keyId: key.private_key_id,
      subject: auth.subject || undefined,
      scopes: [auth.scope || DEFAULT_SCOPE],
      forceRefreshOnFailure: true,
    });
  }
  const missing = (['oauthClientId', 'oauthClientSecret', 'oauthRefreshToken'] as const).filter((k) => !auth[k]);
  if (missing.length > 0) throw ConnectorInputError.fromIssues(missing.map((k) => ({ field: `authentication.${k}`, rule: 'is required' })));
  const client = new OAuth2Client({ clientId: auth.oauthClientId, clientSecret: auth.oauthClientSecret, forceRefreshOnFailure: true });
  client.setCredentials({ refresh_token: auth.oauthRefreshToken });
  return client;
}
