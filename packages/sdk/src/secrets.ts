import { ConnectorInputError } from './errors.js';

/** Where secret values come from: environment, mounted files, a vault... */
export interface SecretProvider {
  /** The secret's value, or undefined when this provider does not know it. */
  getSecret(name: string): string | undefined | Promise<string | undefined>;
}

/** `{{secrets.NAME}}` (spaces allowed inside the braces). */
const BRACED = /\{\{\s*secrets\.([A-Za-z0-9_][A-Za-z0-9_.\-/]*?)\s*\}\}/g;
/** Legacy bare `secrets.NAME` (name: letters, digits and `_ - . /`, not ending in a separator). */
const BARE = /(?<![A-Za-z0-9_.])secrets\.([A-Za-z0-9_](?:[A-Za-z0-9_.\-/]*[A-Za-z0-9_])?)/g;

/** Names of all secrets referenced in a string. */
export function secretNamesIn(text: string): string[] {
  const names = new Set<string>();
  for (const m of text.matchAll(BRACED)) names.add(m[1]!);
  for (const m of text.replace(BRACED, '').matchAll(BARE)) names.add(m[1]!);
  return [...names];
}

function collectNames(value: unknown, into: Set<string>): void {
  if (typeof value === 'string') {
    for (const n of secretNamesIn(value)) into.add(n);
  } else if (Array.isArray(value)) {
    for (const v of value) collectNames(v, into);
  } else if (value !== null && typeof value === 'object') {
    for (const v of Object.values(value)) collectNames(v, into);
  }
}

function substitute(value: unknown, secrets: ReadonlyMap<string, string>): unknown {
  if (typeof value === 'string') {
    if (!value.includes('secrets.')) return value;
    return value
      .replace(BRACED, (_, name: string) => secrets.get(name)!)
      .replace(BARE, (whole, name: string) => secrets.get(name) ?? whole);
  }
  if (Array.isArray(value)) return value.map((v) => substitute(v, secrets));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = substitute(v, secrets);
    return out;
  }
  return value;
}

export interface ResolvedSecrets<T> {
  /** The value with every secret reference replaced. Strings stay strings: a secret never changes the structure. */
  value: T;
  /** The values that were substituted, for masking in logs and errors. */
  used: readonly string[];
}

/**
 * Replaces `{{secrets.NAME}}` and `secrets.NAME` inside every string of a value (objects and
 * lists included). A referenced secret that no provider knows is an input error naming the secret.
 */
export async function resolveSecrets<T>(value: T, provider: SecretProvider): Promise<ResolvedSecrets<T>> {
  const names = new Set<string>();
  collectNames(value, names);
  if (names.size === 0) return { value, used: [] };
  const found = new Map<string, string>();
  const missing: string[] = [];
  for (const name of [...names].sort()) {
    const secret = await provider.getSecret(name);
    if (secret === undefined) missing.push(name);
    else found.set(name, secret);
  }
  if (missing.length > 0) {
    throw new ConnectorInputError(
      `Secret${missing.length > 1 ? 's' : ''} not available: ${missing.map((m) => `'${m}'`).join(', ')}`,
      { issues: missing.map((m) => ({ field: `secrets.${m}`, rule: 'secret is not available' })), code: 'SECRET_NOT_FOUND' },
    );
  }
  return { value: substitute(value, found) as T, used: [...found.values()] };
}

/** A provider over a fixed map: for tests and embedding. */
export function staticSecrets(values: Record<string, string>): SecretProvider {
  const map = new Map(Object.entries(values));
  return { getSecret: (name) => map.get(name) };
}

/** Asks each provider in turn; the first that knows the secret wins. */
export function chainSecrets(...providers: SecretProvider[]): SecretProvider {
  return {
    async getSecret(name) {
      for (const p of providers) {
        const v = await p.getSecret(name);
        if (v !== undefined) return v;
      }
      return undefined;
    },
  };
}

export const MASK = '***';

/**
 * Replaces every occurrence of the given secret values in a string or, recursively, in the strings
 * of a value. Longest first, so a secret that contains another is masked whole. Very short values
 * (under 3 characters) are left alone: masking them would garble unrelated text.
 */
export function maskSecrets<T>(value: T, secrets: readonly string[]): T {
  const list = [...new Set(secrets)].filter((s) => s.length >= 3).sort((a, b) => b.length - a.length);
  if (list.length === 0) return value;
  const maskText = (text: string) => list.reduce((t, s) => t.split(s).join(MASK), text);
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return maskText(v);
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) out[k] = walk(x);
      return out;
    }
    return v;
  };
  return walk(value) as T;
}
