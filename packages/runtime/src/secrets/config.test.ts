import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { secretProviderFromConfig } from './config.js';

let root: string;
let first: string;
let second: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'secrets-config-'));
  first = join(root, 'first');
  second = join(root, 'second');
  await mkdir(first);
  await mkdir(second);
  await writeFile(join(first, 'SHARED'), 'from-first\n');
  await writeFile(join(first, 'FIRST_ONLY'), 'one\n');
  await writeFile(join(second, 'SHARED'), 'from-second\n');
  await writeFile(join(second, 'SECOND_ONLY'), 'two\n');
  await writeFile(join(second, 'ENV_TOO'), 'from-file\n');
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('secretProviderFromConfig', () => {
  const env = { SECRET_ENV_TOO: 'from-env', SECRET_ENV_ONLY: 'e', APP_ENV_TOO: 'from-app-env' };

  it('asks the environment first, then each directory in order', async () => {
    const provider = secretProviderFromConfig({ env, dirs: [first, second] });
    expect(await provider.getSecret('ENV_TOO')).toBe('from-env');
    expect(await provider.getSecret('ENV_ONLY')).toBe('e');
    expect(await provider.getSecret('SHARED')).toBe('from-first');
    expect(await provider.getSecret('FIRST_ONLY')).toBe('one');
    expect(await provider.getSecret('SECOND_ONLY')).toBe('two');
    expect(await provider.getSecret('NONE')).toBeUndefined();
  });

  it('follows the order of dirs', async () => {
    const provider = secretProviderFromConfig({ env, dirs: [second, first] });
    expect(await provider.getSecret('SHARED')).toBe('from-second');
  });

  it('uses the configured prefix, and skips the environment when envPrefix is false', async () => {
    expect(await secretProviderFromConfig({ env, envPrefix: 'APP_', dirs: [second] }).getSecret('ENV_TOO')).toBe('from-app-env');
    const noEnv = secretProviderFromConfig({ env, envPrefix: false, dirs: [second] });
    expect(await noEnv.getSecret('ENV_TOO')).toBe('from-file');
    expect(await noEnv.getSecret('ENV_ONLY')).toBeUndefined();
  });

  it('reads only the prefixed environment when no directory is given', async () => {
    const provider = secretProviderFromConfig({ env });
    expect(await provider.getSecret('ENV_ONLY')).toBe('e');
    expect(await provider.getSecret('APP_ENV_TOO')).toBeUndefined();
  });
});
