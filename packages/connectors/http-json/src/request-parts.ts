/** The URL and the headers of a request, from the connector's input. */
import { ConnectorInputError } from '@connectorkit/sdk';
import type { NameValueMap } from './properties.js';
import type { Headers } from './transport.js';

/** One value per entry; a list gives the name once per value; null entries are left out. */
function entries(map: NameValueMap | undefined): [string, string][] {
  const out: [string, string][] = [];
  for (const [name, value] of Object.entries(map ?? {})) {
    for (const v of Array.isArray(value) ? value : [value]) {
      if (v !== null) out.push([name, String(v)]);
    }
  }
  return out;
}

/** The URL with the query parameters appended to any it already has. Throws for anything but http(s). */
export function buildUrl(raw: string, query: NameValueMap | undefined): URL {
  const text = raw.trim();
  const url = URL.canParse(text) ? new URL(text) : undefined;
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new ConnectorInputError('Invalid input: url: must be a http(s) URL', {
      issues: [{ field: 'url', rule: 'must be a http(s) URL' }],
    });
  }
  for (const [name, value] of entries(query)) url.searchParams.append(name, value);
  return url;
}

/**
 * `skipEncoding`: the request target (path and query) exactly as the user wrote it, with the query
 * parameters appended (encoded, as any query parameter). Nothing is normalised or percent-encoded;
 * the fragment is not sent. `buildUrl` has checked the URL as a whole.
 */
export function buildRawTarget(raw: string, query: NameValueMap | undefined): string {
  const text = raw.trim();
  const afterScheme = text.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, '');
  let target = afterScheme.split('#')[0]!;
  if (!target.startsWith('/')) target = `/${target}`;
  const extra = new URLSearchParams(entries(query)).toString();
  if (extra) target += (target.includes('?') ? '&' : '?') + extra;
  return target;
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const BAD_VALUE = /[\r\n\0]/;

/** Header names are case-insensitive: a later value replaces an earlier one of any case. */
export class HeaderSet {
  private readonly values = new Map<string, { name: string; value: string | string[] }>();

  set(name: string, value: string | string[]): void {
    this.values.set(name.toLowerCase(), { name, value });
  }

  get(name: string): string | string[] | undefined {
    return this.values.get(name.toLowerCase())?.value;
  }

  delete(name: string): void {
    this.values.delete(name.toLowerCase());
  }

  has(name: string): boolean {
    return this.values.has(name.toLowerCase());
  }

  toObject(): Headers {
    return Object.fromEntries([...this.values.values()].map(({ name, value }) => [name, value]));
  }

  /** The user's headers, checked: a bad name or a line break in a value is an input error (the value is never echoed). */
  static from(map: NameValueMap | undefined): HeaderSet {
    const headers = new HeaderSet();
    const issues: { field: string; rule: string }[] = [];
    const grouped = new Map<string, string[]>();
    for (const [name, value] of entries(map)) {
      if (!TOKEN.test(name)) issues.push({ field: `headers.${name}`, rule: 'is not a valid header name' });
      else if (BAD_VALUE.test(value)) issues.push({ field: `headers.${name}`, rule: 'must not contain line breaks' });
      else grouped.set(name, [...(grouped.get(name) ?? []), value]);
    }
    if (issues.length > 0) throw ConnectorInputError.fromIssues(issues);
    for (const [name, values] of grouped) headers.set(name, values.length === 1 ? values[0]! : values);
    return headers;
  }
}
