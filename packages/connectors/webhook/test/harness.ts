/**
 * Test helpers: activate the connector from an element's `zeebe:property` map as the runtime
 * does (dotted names nested, `=` values evaluated once unless the property is evaluated per
 * event), and build requests as the runtime hands them over.
 */
import { evaluateExpression, type WebhookRequest, type WebhookResponse } from '@connectorkit/sdk';
import { createInboundContext, type InboundHarness } from '@connectorkit/sdk/testing';
import { webhookConnector, type WebhookInput } from '../src/index.js';

export type Harness = InboundHarness<WebhookInput>;

function nest(flat: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(flat)) {
    const parts = key.split('.');
    let cur = out;
    for (const part of parts.slice(0, -1)) cur = (cur[part] ??= {}) as Record<string, unknown>;
    cur[parts[parts.length - 1]!] = value;
  }
  return out;
}

/** What the runtime binds: activation-time FEEL evaluated, per-event expressions passed as text. */
export function bindLikeRuntime(element: Record<string, string>): Record<string, unknown> {
  const props = webhookConnector.properties as Record<string, { options: { evaluation?: string } }>;
  const evaluated = Object.fromEntries(
    Object.entries(element).map(([key, value]) => {
      const perEvent = props[key]?.options.evaluation === 'event';
      return [key, !perEvent && value.trim().startsWith('=') ? evaluateExpression(value, {}) : value];
    }),
  );
  return nest(evaluated);
}

/** Binds and activates the connector for one element's properties. */
export async function activate(element: Record<string, string>, secrets: Record<string, string> = {}): Promise<Harness> {
  const harness = await createInboundContext(webhookConnector, { properties: bindLikeRuntime(element), secrets });
  await webhookConnector.activate!(harness.ctx);
  return harness;
}

export interface RequestSpec {
  method?: string;
  /** Path and query (default `/inbound/orders`). */
  url?: string;
  headers?: Record<string, string | string[]>;
  /** The raw body; JSON and forms are parsed as the runtime does. */
  raw?: string;
  body?: unknown;
}

function parseQuery(url: string): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  const i = url.indexOf('?');
  if (i < 0) return query;
  for (const [k, v] of new URLSearchParams(url.slice(i + 1))) {
    const prev = query[k];
    query[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return query;
}

function parseBody(raw: string, contentType: string): unknown {
  if (raw === '') return undefined;
  if (contentType.startsWith('application/json')) return JSON.parse(raw) as unknown;
  if (contentType.startsWith('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(raw));
  return raw;
}

export function request(spec: RequestSpec = {}): WebhookRequest {
  const url = spec.url ?? '/inbound/orders';
  const raw = spec.raw ?? (spec.body === undefined ? '' : JSON.stringify(spec.body));
  const headers: Record<string, string | string[]> = { host: 'hooks.example.com', ...spec.headers };
  if (raw !== '' && headers['content-type'] === undefined) headers['content-type'] = 'application/json';
  const contentType = String(headers['content-type'] ?? '');
  return {
    method: spec.method ?? 'POST',
    url,
    context: url.split('?')[0]!.split('/').pop()!,
    headers,
    query: parseQuery(url),
    body: spec.body ?? parseBody(raw, contentType),
    rawBody: new Uint8Array(Buffer.from(raw, 'utf8')),
  };
}

/** Calls the connector's handle as the runtime does for one request to its context. */
export async function handle(harness: Harness, req: WebhookRequest): Promise<WebhookResponse> {
  // defineInbound's return type is the union of inbound kinds: narrow it to reach handle.
  if (webhookConnector.kind !== 'webhook') throw new TypeError('the webhook connector must be of kind webhook');
  return webhookConnector.handle(req, harness.ctx);
}

/** Every activity message and data, as one text (to check that no secret appears anywhere). */
export const activityText = (harness: Harness) => JSON.stringify(harness.activities);
