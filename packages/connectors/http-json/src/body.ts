/**
 * The request body, as Camunda's REST connector sends it: text as it is (`text/plain` unless a
 * Content-Type header says otherwise), anything else as JSON; a map becomes a form when the
 * Content-Type header is `application/x-www-form-urlencoded` or `multipart/form-data`.
 */
import type { HeaderSet } from './request-parts.js';

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** Drops null entries of maps, at every depth (list items stay). */
export function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (!isPlainObject(value)) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, v]) => v !== null && v !== undefined)
      .map(([k, v]) => [k, withoutNulls(v)]),
  );
}

const fieldText = (v: unknown) => (v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v));

function mimeType(headers: HeaderSet): string | undefined {
  const value = headers.get('content-type');
  const first = Array.isArray(value) ? value[0] : value;
  return first?.split(';')[0]!.trim().toLowerCase();
}

/**
 * Encodes the body and sets the Content-Type header when the user gave none.
 * Returns undefined when there is no body to send.
 */
export function encodeBody(body: unknown, headers: HeaderSet, ignoreNullValues: boolean): string | FormData | undefined {
  if (body === undefined || body === null) return undefined;
  const value = ignoreNullValues ? withoutNulls(body) : body;
  const mime = mimeType(headers);

  if (isPlainObject(value) && mime === 'application/x-www-form-urlencoded') {
    return new URLSearchParams(Object.entries(value).map(([k, v]): [string, string] => [k, fieldText(v)])).toString();
  }
  if (isPlainObject(value) && mime === 'multipart/form-data') {
    const form = new FormData();
    for (const [k, v] of Object.entries(value)) form.append(k, fieldText(v));
    // The boundary is chosen when the form is written, and the Content-Type header set with it.
    if (!/boundary=/i.test(String(headers.get('content-type')))) headers.delete('content-type');
    return form;
  }
  if (typeof value === 'string') {
    if (!headers.has('content-type')) headers.set('Content-Type', 'text/plain; charset=UTF-8');
    return value;
  }
  if (!headers.has('content-type')) headers.set('Content-Type', 'application/json; charset=UTF-8');
  return JSON.stringify(value);
}
