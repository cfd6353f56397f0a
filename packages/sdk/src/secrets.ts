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
  // Both forms contain `secrets.`: most strings of a job's input do not, and skip two scans.
  if (!text.includes('secrets.')) return [];
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

/** Values shorter than this are never masked: masking them would garble unrelated text. */
export const MIN_MASKED_LENGTH = 3;
/** A base64 spelling is masked only from this many characters on (shorter runs occur by chance). */
const MIN_BASE64_LENGTH = 8;

const jsonEscaped = (text: string): string => JSON.stringify(text).slice(1, -1);

/** `application/x-www-form-urlencoded`, as URLSearchParams writes it (space as `+`). */
const formEncoded = (text: string): string => new URLSearchParams({ v: text }).toString().slice(2);

function safely(encode: (text: string) => string, text: string): string | undefined {
  try {
    return encode(text);
  } catch {
    return undefined; // a lone surrogate cannot be URI-encoded
  }
}

/**
 * The runs of base64 text that spell `value` wherever it sits in a longer encoded string (as in
 * `base64(user:pass)`): one run for each of the three byte alignments, standard and URL-safe
 * alphabets. The characters that also depend on neighbouring bytes are left out of each run.
 */
function base64Spellings(value: string): string[] {
  const bytes = Buffer.from(value, 'utf8');
  const out: string[] = [];
  for (let offset = 0; offset < 3; offset++) {
    const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64');
    const start = offset === 0 ? 0 : 4;
    const end = Math.floor((offset + bytes.length) / 3) * 4;
    const run = encoded.slice(start, end);
    if (run.length >= MIN_BASE64_LENGTH) out.push(run, run.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return out;
}

/**
 * Every spelling a secret value takes on its way out of a connector: as it is; URL-encoded
 * (`encodeURIComponent`, `encodeURI`), form-encoded (space as `+`); each of those escaped as
 * inside a JSON string (once and twice); in any letter case (a host name is lower-cased, a
 * percent escape may be `%2f` or `%2F`); and base64 (Basic authentication's `user:pass`).
 * `caseless` spellings are matched ignoring case, `exact` ones (base64) as they are.
 */
export function secretSpellings(value: string): { caseless: string[]; exact: string[] } {
  if (value.length < MIN_MASKED_LENGTH) return { caseless: [], exact: [] };
  const encoded = [
    value,
    safely(encodeURIComponent, value),
    safely(encodeURI, value),
    safely(formEncoded, value),
    safely((v) => encodeURIComponent(v).replace(/%20/g, '+'), value),
  ].filter((v): v is string => v !== undefined);
  const caseless = new Set<string>();
  for (const e of encoded) {
    caseless.add(e);
    caseless.add(jsonEscaped(e));
    caseless.add(jsonEscaped(jsonEscaped(e)));
  }
  return { caseless: [...caseless], exact: base64Spellings(value) };
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** Finds and masks every spelling of a set of secret values. Built once per set (see {@link secretMasker}). */
export interface SecretMasker {
  /** Whether the text holds any spelling of any of the secrets. */
  test(text: string): boolean;
  /** The text with every spelling of every secret replaced by {@link MASK}. */
  mask(text: string): string;
}

const NO_MASKER: SecretMasker = { test: () => false, mask: (text) => text };
const maskers = new Map<string, SecretMasker>();

/**
 * The masker of a set of secret values (every spelling of each, longest first, so a secret that
 * contains another is masked whole). Cached: a job's logger asks for the same set on every line.
 */
export function secretMasker(secrets: readonly string[]): SecretMasker {
  const list = [...new Set(secrets)].filter((s) => typeof s === 'string' && s.length >= MIN_MASKED_LENGTH);
  if (list.length === 0) return NO_MASKER;
  const key = list.join('\u0000');
  const cached = maskers.get(key);
  if (cached) return cached;
  const caseless = new Set<string>();
  const exact = new Set<string>();
  for (const s of list) {
    const spelled = secretSpellings(s);
    spelled.caseless.forEach((x) => caseless.add(x));
    spelled.exact.forEach((x) => exact.add(x));
  }
  const pattern = (items: Set<string>) => [...items].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|');
  const patterns: RegExp[] = [new RegExp(pattern(caseless), 'giu')];
  if (exact.size > 0) patterns.push(new RegExp(pattern(exact), 'g'));
  const masker: SecretMasker = {
    test: (text) =>
      patterns.some((re) => {
        re.lastIndex = 0;
        return re.test(text);
      }),
    mask: (text) => patterns.reduce((t, re) => t.replace(re, MASK), text),
  };
  if (maskers.size >= 256) maskers.delete(maskers.keys().next().value!);
  maskers.set(key, masker);
  return masker;
}

/**
 * Replaces every occurrence of the given secret values in a string or, recursively, in the strings
 * of a value, in every spelling of {@link secretSpellings} (URL- and form-encoded, JSON-escaped,
 * any letter case, base64). Longest first, so a secret that contains another is masked whole.
 * Very short values (under 3 characters) are left alone: masking them would garble unrelated text.
 */
export function maskSecrets<T>(value: T, secrets: readonly string[]): T {
  const masker = secretMasker(secrets);
  if (masker === NO_MASKER) return value;
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return masker.mask(v);
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

/** A logger's four levels (the SDK's `ConnectorLogger` shape). */
interface LevelLogger {
  debug(obj: object | string, msg?: string): void;
  info(obj: object | string, msg?: string): void;
  warn(obj: object | string, msg?: string): void;
  error(obj: object | string, msg?: string): void;
}

function plainError(e: Error): Record<string, unknown> {
  return { type: e.name, message: e.message, ...(e.stack ? { stack: e.stack } : {}) };
}

/**
 * `base` with every spelling of the given secrets masked in messages and fields (errors become
 * plain `{ type, message, stack }` first). The list is read on every line, so values added to it
 * later (a token the connector marks sensitive) are masked from then on. The one masking logger:
 * the runtime's job logger and the testing kit use it too.
 */
export function maskingLogger<L extends LevelLogger>(base: L, secrets: readonly string[]): LevelLogger {
  const clean = (obj: object | string): object | string => {
    if (typeof obj === 'string') return maskSecrets(obj, secrets);
    if (obj instanceof Error) return { err: maskSecrets(plainError(obj), secrets) };
    const entries = Object.entries(obj).map(([k, v]) => [k, v instanceof Error ? plainError(v) : v]);
    return maskSecrets(Object.fromEntries(entries), secrets);
  };
  const wrap =
    (level: keyof LevelLogger) =>
    (obj: object | string, msg?: string): void => {
      if (secrets.length === 0) return msg === undefined ? base[level](obj) : base[level](obj, msg);
      const masked = clean(obj);
      if (msg === undefined) base[level](masked);
      else base[level](masked, maskSecrets(msg, secrets));
    };
  return { debug: wrap('debug'), info: wrap('info'), warn: wrap('warn'), error: wrap('error') };
}
