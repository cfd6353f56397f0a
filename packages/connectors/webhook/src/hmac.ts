/**
 * HMAC signatures as Camunda's webhook connector checks them: what is signed depends on the scopes
 * (and, for all three, on the method), the digest is compared in constant time, hex or base64,
 * with or without a `sha256=`-style prefix.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { WebhookRequest } from '@connectorkit/sdk';
import type { HmacAlgorithm } from './properties.js';
import { absoluteUrl, header, mediaType, orderedParams } from './request.js';

export type HmacScope = 'URL' | 'BODY' | 'PARAMETERS';

/**
 * What is signed:
 * - `body`: the raw body bytes;
 * - `url-body`: the URL followed by the body (a form or a JSON object of strings: its fields sorted
 *   by name, each name followed by its value, as Twilio signs; other JSON: compact JSON);
 * - `url-params`: the URL, `?`, and the query parameters as `name=value` joined by `&` (form-encoded);
 * - `url-params-or-body`: `url-params` for GET, `url-body` for any other method.
 */
export type HmacStrategy = 'body' | 'url-body' | 'url-params' | 'url-params-or-body';

const same = (scopes: readonly HmacScope[], ...wanted: HmacScope[]) =>
  scopes.length === wanted.length && wanted.every((s) => scopes.includes(s));

/** The strategy for a set of scopes (no duplicates), or undefined when Camunda supports none. */
export function hmacStrategy(scopes: readonly HmacScope[]): HmacStrategy | undefined {
  if (same(scopes, 'URL', 'PARAMETERS', 'BODY')) return 'url-params-or-body';
  if (same(scopes, 'URL', 'BODY')) return 'url-body';
  if (same(scopes, 'URL', 'PARAMETERS')) return 'url-params';
  if (same(scopes, 'BODY')) return 'body';
  return undefined;
}

const NODE_ALGORITHM: Record<HmacAlgorithm, string> = { sha_1: 'sha1', sha_256: 'sha256', sha_512: 'sha512' };

/** Java's URLEncoder: letters, digits and `.-*_` stay, a space becomes `+`, the rest is %XX (UTF-8). */
function formEncode(s: string): string {
  return encodeURIComponent(s)
    .replace(/[!'()~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');
}

function sortedConcat(entries: Iterable<[string, string]>): string {
  const map = new Map<string, string>();
  for (const [k, v] of entries) if (!map.has(k)) map.set(k, v);
  return [...map.keys()]
    .sort()
    .map((k) => k + map.get(k)!)
    .join('');
}

function bodyText(request: WebhookRequest): string {
  const raw = Buffer.from(request.rawBody).toString('utf8');
  if (mediaType(request) === 'application/x-www-form-urlencoded') return sortedConcat(new URLSearchParams(raw));
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return raw; // neither a form nor JSON: signed as sent
  }
  if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) {
    const entries = Object.entries(parsed);
    if (entries.length > 0 && entries.every(([, v]) => typeof v === 'string')) return sortedConcat(entries as [string, string][]);
  }
  return JSON.stringify(parsed);
}

/** The bytes the caller signed, for a strategy. */
export function signedData(strategy: HmacStrategy, request: WebhookRequest): Buffer {
  const effective = strategy === 'url-params-or-body' ? (request.method === 'GET' ? 'url-params' : 'url-body') : strategy;
  switch (effective) {
    case 'body':
      return Buffer.from(request.rawBody);
    case 'url-body':
      return Buffer.from(absoluteUrl(request) + bodyText(request), 'utf8');
    case 'url-params': {
      const query = orderedParams(request)
        .map(([k, v]) => `${formEncode(k)}=${formEncode(v)}`)
        .join('&');
      return Buffer.from(`${absoluteUrl(request)}?${query}`, 'utf8');
    }
  }
}

/** The digest bytes a provided signature text stands for, when it is hex or base64 of the right length. */
function decodeSignature(text: string, length: number): Buffer | undefined {
  if (/^[0-9a-fA-F]+$/.test(text) && text.length === length * 2) return Buffer.from(text, 'hex');
  if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(text)) {
    const bytes = Buffer.from(text, 'base64');
    if (bytes.length === length) return bytes;
  }
  return undefined;
}

export interface HmacCheck {
  secret: string;
  /** Lower case. */
  header: string;
  algorithm: HmacAlgorithm;
  strategy: HmacStrategy;
}

export type HmacOutcome = { ok: true } | { ok: false; why: string };

/** Checks a request's signature; `why` says what failed without any secret or digest. */
export function verifyHmac(check: HmacCheck, request: WebhookRequest): HmacOutcome {
  const provided = header(request, check.header)?.trim();
  if (!provided) return { ok: false, why: `the signature header ${check.header} is missing` };
  const expected = createHmac(NODE_ALGORITHM[check.algorithm], check.secret).update(signedData(check.strategy, request)).digest();
  // The value as sent, and without a tag such as `sha256=`.
  const candidates = [provided];
  const tagged = /^[A-Za-z0-9_-]+=(.+)$/.exec(provided);
  if (tagged) candidates.push(tagged[1]!);
  let match = false;
  for (const candidate of candidates) {
    const bytes = decodeSignature(candidate, expected.length);
    // Every candidate is compared, so timing does not tell which form nearly matched.
    match = (bytes !== undefined && timingSafeEqual(bytes, expected)) || match;
  }
  return match ? { ok: true } : { ok: false, why: `the signature in header ${check.header} does not match` };
}
