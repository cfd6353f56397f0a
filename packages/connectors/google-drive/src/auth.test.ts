import { ConnectorInputError } from '@connectorkit/sdk';
import { describe, expect, it } from 'vitest';
import { serviceAccountKey } from '../test/google-api.js';
import { secrets, watch } from '../test/harness.js';
import { googleDriveConnector } from './connector.js';
import { createAuth, parseServiceAccountKey, ServiceAccountClient } from './auth.js';
import { OAuth2Client } from 'google-auth-library';

const issuesOf = (e: unknown) => (e as ConnectorInputError).issues;

describe('service account key', () => {
  it.each([
    ['not JSON', '{"type": "service_account", "private_key": "-----BEGIN', 'is not valid JSON'],
    ['a list', '[]', 'a JSON object'],
    ['another kind of credential', '{"type":"authorized_user","client_id":"x"}', '"type" is "authorized_user"'],
    ['without client_email', '{"type":"service_account","private_key":"-----BEGIN PRIVATE KEY-----x"}', 'no "client_email"'],
    ['without private_key', '{"type":"service_account","client_email":"a@b"}', 'no "private_key"'],
    ['with a key that is no PEM', '{"type":"service_account","client_email":"a@b","private_key":"abc"}', 'not a PEM private key'],
  ])('refuses %s, naming the field and never the value', (_, text, rule) => {
    const error = (() => {
      try {
        parseServiceAccountKey(text);
      } catch (e) {
        return e;
      }
    })();

    expect(error).toBeInstanceOf(ConnectorInputError);
    expect(issuesOf(error)).toEqual([{ field: 'authentication.serviceAccountKey', rule: expect.stringContaining(rule) }]);
    expect((error as Error).message).not.toContain(text);
  });

  it('reads a real key into a client that signs for its e-mail and scope', () => {
    const auth = createAuth({ authType: 'serviceAccount', serviceAccountKey: serviceAccountKey(), subject: 'ops@example.com' });

    expect(auth).toBeInstanceOf(ServiceAccountClient);
    expect(auth).toMatchObject({
      email: 'watcher@connectorkit-test.iam.gserviceaccount.com',
      subject: 'ops@example.com',
      scopes: ['https://www.googleapis.com/auth/drive.metadata.readonly'],
      keyId: 'key-1',
    });
  });
});

describe('OAuth client', () => {
  it('holds the refresh token and client', () => {
    const auth = createAuth({ authType: 'refresh', oauthClientId: 'id', oauthClientSecret: 'secret', oauthRefreshToken: 'rt' });

    expect(auth).toBeInstanceOf(OAuth2Client);
    expect(auth.credentials.refresh_token).toBe('rt');
  });

  it('names every missing field', () => {
    expect(() => createAuth({ authType: 'refresh', oauthClientId: 'id' })).toThrow(
      'Invalid input: authentication.oauthClientSecret: is required; authentication.oauthRefreshToken: is required',
    );
  });
});

describe('activation', () => {
  it('refuses a broken key at once, logs it and reports DOWN', async () => {
    const h = await watch({ authentication: { authType: 'serviceAccount', serviceAccountKey: 'not json' } });

    await expect(Promise.resolve(googleDriveConnector.activate!(h.ctx))).rejects.toThrow(
      'authentication.serviceAccountKey: must be the JSON key file of a service account',
    );
    expect(h.health.at(-1)).toMatchObject({ status: 'DOWN', error: { code: 'INVALID_INPUT' } });
    expect(h.activities).toContainEqual(expect.objectContaining({ severity: 'error', tag: 'Configuration' }));
  });

  it('refuses an invalid name pattern, naming the field', async () => {
    const h = await watch({ filter: { namePattern: '(unclosed', namePatternType: 'regex' } });

    await expect(Promise.resolve(googleDriveConnector.activate!(h.ctx))).rejects.toThrow(
      'filter.namePattern: is not a valid regular expression',
    );
  });

  it('accepts a working configuration and says what it watches', async () => {
    const h = await watch({ folder: { includeSubfolders: 'true' } });

    await googleDriveConnector.activate!(h.ctx);

    expect(h.activities).toContainEqual(expect.objectContaining({ tag: 'Activation', message: 'Watching Drive folder folderRoot01 and its subfolders' }));
    expect(secrets.GDRIVE_SA_KEY).toContain('PRIVATE KEY');
  });
});
