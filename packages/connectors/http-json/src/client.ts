/**
 * Sends a request the safe way: every URL (the first and each redirect hop) is checked against the
 * block list before a connection is opened, and redirects are followed here, one hop at a time.
 */
import { ConnectorError } from '@connectorkit/sdk';
import type { AgentPool } from './agents.js';
import { ERROR_CODES } from './error-codes.js';
import { checkHost, pinnedLookup, type HostBlockList } from './host-guard.js';
import type { Resolver } from './resolver.js';
import { describe, exchange, type Headers, type WireRequest, type WireResponse } from './transport.js';

export const MAX_REDIRECTS = 10;

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
/** Never carried to another origin. */
const CREDENTIAL_HEADERS = ['authorization', 'proxy-authorization', 'cookie'];

export interface ClientSettings {
  blockList: HostBlockList;
  resolver: Resolver;
  maxResponseBytes: number;
  agents: AgentPool;
}

export interface SendOptions {
  connectTimeoutMs: number;
  readTimeoutMs: number;
  followRedirects: boolean;
  /** Further headers that hold credentials (an API key header), dropped on a redirect to another origin. */
  credentialHeaders?: readonly string[];
  signal?: AbortSignal;
}

export class HttpClient {
  constructor(private readonly settings: ClientSettings) {}

  async send(request: WireRequest, options: SendOptions): Promise<WireResponse> {
    let current = request;
    for (let hop = 0; ; hop++) {
      const response = await this.once(current, options);
      const location = response.headers.location;
      if (!options.followRedirects || !REDIRECTS.has(response.status) || typeof location !== 'string') return response;
      if (hop >= MAX_REDIRECTS) {
        throw new ConnectorError(
          ERROR_CODES.tooManyRedirects,
          `${describe(request.method, request.url)} failed: more than ${MAX_REDIRECTS} redirects`,
        );
      }
      current = nextHop(current, response.status, location, options.credentialHeaders ?? []);
    }
  }

  private async once(request: WireRequest, options: SendOptions): Promise<WireResponse> {
    const addresses = await checkHost(this.settings.blockList, request.url, {
      resolver: this.settings.resolver,
      timeoutMs: options.connectTimeoutMs,
      signal: options.signal,
    });
    return exchange(request, {
      agents: this.settings.agents.get(options.connectTimeoutMs),
      readTimeoutMs: options.readTimeoutMs,
      maxResponseBytes: this.settings.maxResponseBytes,
      lookup: addresses ? pinnedLookup(request.url.hostname, addresses) : undefined,
      signal: options.signal,
    });
  }
}

function withoutHeaders(headers: Headers, names: readonly string[]): Headers {
  const drop = new Set(names.map((n) => n.toLowerCase()));
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !drop.has(name.toLowerCase())));
}

/** The request for the next hop, as browsers and curl do it. */
function nextHop(previous: WireRequest, status: number, location: string, credentialHeaders: readonly string[]): WireRequest {
  const url = URL.canParse(location, previous.url.href) ? new URL(location, previous.url) : undefined;
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new ConnectorError(
      ERROR_CODES.invalidRedirect,
      `${describe(previous.method, previous.url)} redirected to something that is not a http(s) URL`,
    );
  }
  let { method, body, headers } = previous;
  // 303 always, 301/302 for a POST: the next request is a GET without the body.
  if (status === 303 || ((status === 301 || status === 302) && method === 'POST')) {
    method = 'GET';
    body = undefined;
    headers = withoutHeaders(headers, ['content-type', 'content-length']);
  }
  if (url.origin !== previous.url.origin) headers = withoutHeaders(headers, [...CREDENTIAL_HEADERS, ...credentialHeaders]);
  headers = withoutHeaders(headers, ['host']);
  return { method, url, headers, body };
}
