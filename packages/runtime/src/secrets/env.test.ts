import { describe, expect, it } from 'vitest';
import { resolveSecrets } from '@connectorkit/sdk';
import { envSecretProvider } from './env.js';

describe('envSecretProvider', () => {
  const env = { SECRET_API_KEY: 'k-123', PATH: '/usr/bin', OTHER_API_KEY: 'nope', MY_SECRET_X: 'no' };

  it('reads a secret from the variable with the default prefix SECRET_', async () => {
    expect(await envSecretProvider({ env }).getSecret('API_KEY')).toBe('k-123');
  });

  it('does not treat a variable without the prefix as a secret', async () => {
    const provider = envSecretProvider({ env });
    expect(await provider.getSecret('PATH')).toBeUndefined();
    expect(await provider.getSecret('SECRET_API_KEY')).toBeUndefined();
  });

  it('uses a custom prefix', async () => {
    const provider = envSecretProvider({ env, prefix: 'OTHER_' });
    expect(await provider.getSecret('API_KEY')).toBe('nope');
    expect(await provider.getSecret('PATH')).toBeUndefined();
  });

  it('reads every variable when the prefix is empty (explicit unsafe mode)', async () => {
    expect(await envSecretProvider({ env, prefix: '' }).getSecret('PATH')).toBe('/usr/bin');
  });

  it('sees variables set after it was created', async () => {
    const live: NodeJS.ProcessEnv = {};
    const provider = envSecretProvider({ env: live });
    live.SECRET_LATE = 'late';
    expect(await provider.getSecret('LATE')).toBe('late');
  });

  it('does not read inherited object properties', async () => {
    expect(await envSecretProvider({ env: {}, prefix: '' }).getSecret('toString')).toBeUndefined();
  });

  it('makes {{secrets.PATH}} a missing secret instead of leaking $PATH', async () => {
    const provider = envSecretProvider({ env });
    await expect(resolveSecrets({ url: '{{secrets.PATH}}' }, provider)).rejects.toMatchObject({ code: 'SECRET_NOT_FOUND' });
    const ok = await resolveSecrets({ auth: 'Bearer {{secrets.API_KEY}}' }, provider);
    expect(ok.value).toEqual({ auth: 'Bearer k-123' });
  });
});
