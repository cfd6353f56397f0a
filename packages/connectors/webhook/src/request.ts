/** What the connector reads from a request, in the shapes Camunda's webhook connector uses. */
import type { WebhookRequest } from '@connectorkit/sdk';

/** The request as process variables and FEEL expressions see it: `{ body, headers, params }`. */
export interface MappedRequest {
  /** The parsed body; `{}` when the request has none, as Camunda passes it. */
  body: unknown;
  headers: Record<string, string | string[]>;
  params: Record<string, string | string[]>;
}

export function mapRequest(request: WebhookRequest): MappedRequest {
  return { body: request.body ?? {}, headers: request.headers, params: request.query };
}

/** The first value of a header (names are lower case), or undefined. */
export function header(request: WebhookRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The media type of the body, lower case, without parameters (`application/json`). */
export function mediaType(request: WebhookRequest): string {
  return (header(request, 'content-type') ?? '').split(';')[0]!.trim().toLowerCase();
}

const firstOfList = (v: string | undefined) => v?.split(',')[0]!.trim() || undefined;

/**
 * The absolute URL the caller sent the request to, without the query: what Camunda signs as
 * "URL" (a servlet's request URL). Behind a proxy, `x-forwarded-proto` and `x-forwarded-host` say
 * what the caller used; otherwise the `host` header, over http.
 */
export function absoluteUrl(request: WebhookRequest): string {
  const proto = firstOfList(header(request, 'x-forwarded-proto')) ?? 'http';
  const host = firstOfList(header(request, 'x-forwarded-host')) ?? header(request, 'host') ?? 'localhost';
  const path = request.url.split('?')[0]!;
  return `${proto}://${host}${path.startsWith('/') ? path : `/${path}`}`;
}

/**
 * Query parameters in the order they were sent, each with its first value (decoded), as Camunda
 * reads them for signatures.
 */
export function orderedParams(request: WebhookRequest): [string, string][] {
  const index = request.url.indexOf('?');
  if (index < 0) return [];
  const seen = new Map<string, string>();
  for (const [key, value] of new URLSearchParams(request.url.slice(index + 1))) {
    if (key.trim() !== '' && !seen.has(key)) seen.set(key, value);
  }
  return [...seen];
}
