import type { WebhookRequest } from '@connectorkit/sdk';

/** Thrown for a body the caller got wrong (answered 400). */
export class BadBodyError extends Error {
  override readonly name = 'BadBodyError';
}

function add(target: Record<string, string | string[]>, name: string, value: string): void {
  const had = target[name];
  if (had === undefined) target[name] = value;
  else target[name] = Array.isArray(had) ? [...had, value] : [had, value];
}

/** Header names in lower case; a header sent several times keeps every value (Node would join them). */
export function headersOf(rawHeaders: readonly string[]): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) add(out, rawHeaders[i]!.toLowerCase(), rawHeaders[i + 1]!);
  return out;
}

/** Query or form fields; a field given several times keeps every value, in order. */
export function fieldsOf(params: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of params) add(out, k, v);
  return out;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The body as a connector gets it: JSON parsed (`application/json`, `*+json`), forms as fields,
 * `text/*` as text, anything else as text when it is valid UTF-8 (else undefined; the raw bytes
 * are always there). Malformed JSON is the caller's mistake: {@link BadBodyError}.
 */
export function parseBody(raw: Buffer, contentType: string | undefined): unknown {
  if (raw.length === 0) return undefined;
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'application/json' || type.endsWith('+json')) {
    try {
      return JSON.parse(raw.toString('utf8'));
    } catch (e) {
      throw new BadBodyError(`the body is not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  if (type === 'application/x-www-form-urlencoded') return fieldsOf(new URLSearchParams(raw.toString('utf8')));
  if (type.startsWith('text/')) return raw.toString('utf8');
  try {
    return utf8.decode(raw);
  } catch {
    return undefined;
  }
}

export function toWebhookRequest(input: {
  method: string;
  url: string;
  context: string;
  rawHeaders: readonly string[];
  body: Buffer | undefined;
}): WebhookRequest {
  const headers = headersOf(input.rawHeaders);
  const contentType = headers['content-type'];
  const raw = input.body ?? Buffer.alloc(0);
  const q = input.url.indexOf('?');
  return {
    method: input.method.toUpperCase(),
    url: input.url,
    context: input.context,
    headers,
    query: q >= 0 ? fieldsOf(new URLSearchParams(input.url.slice(q + 1))) : {},
    body: parseBody(raw, Array.isArray(contentType) ? contentType[0] : contentType),
    rawBody: new Uint8Array(raw.buffer, raw.byteOffset, raw.length),
  };
}
