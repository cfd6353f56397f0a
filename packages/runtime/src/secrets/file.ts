import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SecretProvider } from '@connectorkit/sdk';
import { SecretProviderError } from './errors.js';

export interface FileSecretProviderOptions {
  /** The directory holding one file per secret, as Kubernetes and Docker mount them. */
  dir: string;
  /**
   * Keep a value (or its absence) this long before reading the file again. Default 0: every lookup
   * reads the file, so a rotated secret is used at once. Reading a small file costs well under a
   * millisecond; raise this only for very high job rates.
   */
  cacheMs?: number;
  /** Clock for the cache, in milliseconds. Default `Date.now`. */
  now?: () => number;
}

/**
 * A name segment: starts with a letter, digit or `_` (so no `.`/`..` and no hidden entries such as
 * Kubernetes' `..data`), then letters, digits and `_ . -`.
 */
const SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

/**
 * The path of the file holding a secret, or undefined when the name could point outside the
 * directory. `db/password` reads the file `password` in the sub-directory `db`; `..`, empty
 * segments, absolute paths, backslashes and hidden entries are refused.
 */
export function secretFilePath(dir: string, name: string): string | undefined {
  const segments = name.split('/');
  if (!segments.every((s) => SEGMENT.test(s) && s !== '..')) return undefined;
  return join(dir, ...segments);
}

/** Content minus one trailing line break (`echo` and most editors add one). */
function trimOneNewline(text: string): string {
  if (text.endsWith('\r\n')) return text.slice(0, -2);
  if (text.endsWith('\n')) return text.slice(0, -1);
  return text;
}

/** Errors that mean "there is no such secret" rather than "the secret could not be read". */
const ABSENT = new Set(['ENOENT', 'ENOTDIR', 'EISDIR', 'ENAMETOOLONG', 'ELOOP']);

/**
 * Secrets from files: the secret `API_KEY` is the content of `<dir>/API_KEY`. Files are read on
 * demand and through symlinks, so Kubernetes' `..data` layout and secret rotation both work.
 * A missing file is an unknown secret (undefined); an unreadable one (permissions) throws a
 * {@link SecretProviderError} naming the file, never its content.
 */
export function fileSecretProvider(options: FileSecretProviderOptions): SecretProvider {
  const { dir } = options;
  const cacheMs = options.cacheMs ?? 0;
  const now = options.now ?? Date.now;
  const cache = new Map<string, { value: string | undefined; expiresAt: number }>();

  async function read(path: string, name: string): Promise<string | undefined> {
    try {
      return trimOneNewline(await readFile(path, 'utf8'));
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== undefined && ABSENT.has(code)) return undefined;
      throw new SecretProviderError(`Secret '${name}' could not be read from ${path}: ${code ?? 'unknown error'}`, {
        cause: err,
      });
    }
  }

  return {
    async getSecret(name) {
      const path = secretFilePath(dir, name);
      if (path === undefined) return undefined;
      if (cacheMs <= 0) return read(path, name);
      const hit = cache.get(name);
      if (hit !== undefined && hit.expiresAt > now()) return hit.value;
      const value = await read(path, name);
      cache.set(name, { value, expiresAt: now() + cacheMs });
      return value;
    },
  };
}
