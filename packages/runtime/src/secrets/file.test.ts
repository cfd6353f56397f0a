import { mkdir, mkdtemp, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fileSecretProvider, secretFilePath } from './file.js';

let root: string;
let dir: string;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'secrets-test-'));
  dir = join(root, 'secrets');
  await mkdir(dir);
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('fileSecretProvider', () => {
  it('returns the file content with one trailing newline trimmed', async () => {
    await writeFile(join(dir, 'API_KEY'), 'abc\n');
    await writeFile(join(dir, 'TWO_LINES'), 'line1\nline2\n\n');
    await writeFile(join(dir, 'CRLF'), 'xyz\r\n');
    await writeFile(join(dir, 'SPACES'), '  padded  ');
    const provider = fileSecretProvider({ dir });
    expect(await provider.getSecret('API_KEY')).toBe('abc');
    expect(await provider.getSecret('TWO_LINES')).toBe('line1\nline2\n');
    expect(await provider.getSecret('CRLF')).toBe('xyz');
    expect(await provider.getSecret('SPACES')).toBe('  padded  ');
  });

  it('returns undefined for a secret without a file, and for a directory', async () => {
    await mkdir(join(dir, 'db'));
    const provider = fileSecretProvider({ dir });
    expect(await provider.getSecret('MISSING')).toBeUndefined();
    expect(await provider.getSecret('db')).toBeUndefined();
    expect(await fileSecretProvider({ dir: join(root, 'nowhere') }).getSecret('X')).toBeUndefined();
  });

  it('reads secrets in sub-directories', async () => {
    await mkdir(join(dir, 'db'));
    await writeFile(join(dir, 'db', 'password'), 'pw\n');
    expect(await fileSecretProvider({ dir }).getSecret('db/password')).toBe('pw');
  });

  it("reads through Kubernetes' ..data symlink layout and picks up a rotation", async () => {
    // <dir>/TOKEN -> ..data/TOKEN, ..data -> ..2024_v1 ; rotation swaps ..data to ..2024_v2
    await mkdir(join(dir, '..2024_v1'));
    await writeFile(join(dir, '..2024_v1', 'TOKEN'), 'first\n');
    await symlink('..2024_v1', join(dir, '..data'));
    await symlink(join('..data', 'TOKEN'), join(dir, 'TOKEN'));
    const provider = fileSecretProvider({ dir });
    expect(await provider.getSecret('TOKEN')).toBe('first');

    await mkdir(join(dir, '..2024_v2'));
    await writeFile(join(dir, '..2024_v2', 'TOKEN'), 'second\n');
    await symlink('..2024_v2', join(dir, '..data_tmp'));
    await rename(join(dir, '..data_tmp'), join(dir, '..data'));
    expect(await provider.getSecret('TOKEN')).toBe('second');
  });

  it('refuses names that would leave the directory or reach hidden entries', async () => {
    await writeFile(join(root, 'outside'), 'leaked');
    await mkdir(join(dir, '..2024_v1'));
    await writeFile(join(dir, '..2024_v1', 'TOKEN'), 'hidden');
    await symlink('..2024_v1', join(dir, '..data'));
    const provider = fileSecretProvider({ dir });
    for (const name of ['../outside', 'a/../../outside', '..', '.', '/etc/passwd', '..data/TOKEN', '..2024_v1/TOKEN', 'x//y', '..\\outside', '']) {
      expect(await provider.getSecret(name), name).toBeUndefined();
    }
  });

  it('keeps a value for cacheMs, then reads the file again', async () => {
    let clock = 1_000;
    await writeFile(join(dir, 'K'), 'v1');
    const provider = fileSecretProvider({ dir, cacheMs: 500, now: () => clock });
    expect(await provider.getSecret('K')).toBe('v1');
    await writeFile(join(dir, 'K'), 'v2');
    clock += 499;
    expect(await provider.getSecret('K')).toBe('v1');
    clock += 1;
    expect(await provider.getSecret('K')).toBe('v2');
  });

  it('throws a coded error naming the secret when its file exists but cannot be read', async () => {
    // A unix socket cannot be opened as a file (ENXIO), even by root: a stand-in for "unreadable".
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(join(dir, 'SOCKET'), resolve));
    try {
      const err = await Promise.resolve(fileSecretProvider({ dir }).getSecret('SOCKET')).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'SECRET_READ_FAILED', name: 'SecretProviderError' });
      expect((err as Error).message).toContain("'SOCKET'");
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('secretFilePath', () => {
  it('joins plain names under the directory', () => {
    expect(secretFilePath('/run/secrets', 'API_KEY')).toBe(join('/run/secrets', 'API_KEY'));
    expect(secretFilePath('/run/secrets', 'my.key-1')).toBe(join('/run/secrets', 'my.key-1'));
  });
});
