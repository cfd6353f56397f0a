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

/** Deepest nesting of objects and lists a JSON body may have (the engine's client fails on far less deep than JavaScript's parser). */
export const MAX_JSON_DEPTH = 256;

/** Whether a parsed JSON value nests deeper than `max` (iterative: a hostile body cannot overflow the stack). */
function nestsDeeperThan(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (depth > max) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v)) if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
  }
  return false;
}

/**
 * The body as a connector gets it: JSON parsed (`application/json`, `*+json`), forms as fields,
 * `text/*` as text, anything else as text when it is valid UTF-8 (else undefined; the raw bytes
 * are always there). Malformed JSON is the caller's mistake: {@link BadBodyError}.
 */
export function parseBody(raw: Buffer, contentType: string | undefined): unknown {
  if (raw.length === 0) return undefined;
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'application/json' || type.endsWith('+json')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw.toString('utf8'));
    } catch (e) {
      throw new BadBodyError(`the body is not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
    }
    if (nestsDeeperThan(parsed, MAX_JSON_DEPTH)) throw new BadBodyError(`the JSON body nests objects or lists more than ${MAX_JSON_DEPTH} levels deep`);
    return parsed;
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
