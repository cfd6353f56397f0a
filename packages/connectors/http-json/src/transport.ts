/** One HTTP exchange through axios: no redirects followed, the body read into memory up to a limit. */
import axios from 'axios';
import type { Agents } from './agents.js';
import type { pinnedLookup } from './host-guard.js';
import { toConnectorError } from './transport-errors.js';

export type HeaderValue = string | string[];
export type Headers = Record<string, HeaderValue>;

export interface WireRequest {
  /** Upper case. */
  method: string;
  url: URL;
  headers: Headers;
  body?: string | Buffer | FormData;
}

export interface WireResponse {
  status: number;
  statusText: string;
  /** Lower-case names; `set-cookie` is always a list. */
  headers: Headers;
  body: Buffer;
}

export interface ExchangeOptions {
  agents: Agents;
  /** Longest wait for the response to start and longest pause while it arrives, in ms (0: none). */
  readTimeoutMs: number;
  maxResponseBytes: number;
  /** Addresses the connection may use (from the host check); absent for IP literals. */
  lookup?: ReturnType<typeof pinnedLookup>;
  signal?: AbortSignal;
}

const client = axios.create();

/** `GET https://api.example.com`: how errors name a request (never the path or query, which may hold secrets). */
export function describe(method: string, url: URL): string {
  return `${method} ${url.origin}`;
}

function plainHeaders(raw: Record<string, unknown>): Headers {
  const out: Headers = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined || value === null) continue;
    const key = name.toLowerCase();
    out[key] = Array.isArray(value) ? value.map(String) : key === 'set-cookie' ? [String(value)] : String(value);
  }
  return out;
}

export async function exchange(request: WireRequest, options: ExchangeOptions): Promise<WireResponse> {
  try {
    const res = await client.request<ArrayBuffer>({
      url: request.url.href,
      method: request.method,
      headers: request.headers,
      data: request.body,
      responseType: 'arraybuffer',
      transformRequest: [(data: unknown) => data],
      transformResponse: [(data: unknown) => data],
      validateStatus: () => true,
      maxRedirects: 0,
      proxy: false,
      decompress: true,
      timeout: options.readTimeoutMs,
      maxContentLength: options.maxResponseBytes,
      maxBodyLength: options.maxResponseBytes,
      httpAgent: options.agents.http,
      httpsAgent: options.agents.https,
      ...(options.lookup ? { lookup: options.lookup } : {}),
      signal: options.signal,
      transitional: { clarifyTimeoutError: true, silentJSONParsing: true, forcedJSONParsing: false },
    });
    const headers = res.headers as unknown as { toJSON?: () => Record<string, unknown> };
    return {
      status: res.status,
      statusText: res.statusText ?? '',
      headers: plainHeaders(typeof headers.toJSON === 'function' ? headers.toJSON() : (res.headers as Record<string, unknown>)),
      body: Buffer.isBuffer(res.data) ? res.data : Buffer.from(res.data ?? new ArrayBuffer(0)),
    };
  } catch (e) {
    throw toConnectorError(e, describe(request.method, request.url));
  }
}
