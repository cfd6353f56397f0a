/**
 * Sends a request the safe way: every URL (the first and each redirect hop) is checked against the
 * block list before a connection is opened, and redirects are followed here, one hop at a time.
 */
import { ConnectorError } from '@connectorkit/sdk';
import type { AgentPool, TlsMaterial } from './agents.js';
import { ERROR_CODES } from './error-codes.js';
import { checkHost, checkHostName, pinnedLookup, type HostBlockList } from './host-guard.js';
import type { Reservation } from './memory-budget.js';
import type { ProxySettings } from './proxy.js';
import type { Resolver } from './resolver.js';
import { describe, exchange, headerOf, type Headers, type WireRequest, type WireResponse } from './transport.js';

export const MAX_REDIRECTS = 10;

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
/** Never carried to another origin. */
const CREDENTIAL_HEADERS = ['authorization', 'proxy-authorization', 'cookie'];

export interface ClientSettings {
  blockList: HostBlockList;
  resolver: Resolver;
  maxResponseBytes: number;
  agents: AgentPool;
  /** Proxies (default: none). */
  proxies?: ProxySettings;
}

export interface SendOptions {
  connectTimeoutMs: number;
  readTimeoutMs: number;
  followRedirects: boolean;
  /** Longest pause while the request body is sent, in ms (0 or absent: none). */
  writeTimeoutMs?: number;
  /**
   * Further headers that hold credentials (an API key header, a header whose value carries a
   * secret), dropped on a redirect to another origin.
   */
  credentialHeaders?: readonly string[];
  /** Client TLS material for https. */
  tls?: TlsMaterial;
  /** The execution's share of the response memory budget. */
  reservation?: Reservation;
  signal?: AbortSignal;
}

export class HttpClient {
  constructor(private readonly settings: ClientSettings) {}

  async send(request: WireRequest, options: SendOptions): Promise<WireResponse> {
    let current = request;
    for (let hop = 0; ; hop++) {
      const response = await this.once(current, options);
      const location = headerOf(response.headers, 'location');
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
    const proxy = this.settings.proxies?.forUrl(request.url);
    // Through a proxy, the proxy resolves the name: the name (or IP literal) is checked here.
    const addresses = proxy
      ? checkHostName(this.settings.blockList, request.url)
      : await checkHost(this.settings.blockList, request.url, {
          resolver: this.settings.resolver,
          timeoutMs: options.connectTimeoutMs,
          signal: options.signal,
        });
    const https = request.url.protocol === 'https:';
    return exchange(request, {
      agents: this.settings.agents.get(options.connectTimeoutMs, {
        ...(https && options.tls ? { tls: options.tls } : {}),
        ...(https && proxy ? { proxy } : {}),
      }),
      readTimeoutMs: options.readTimeoutMs,
      writeTimeoutMs: options.writeTimeoutMs,
      maxResponseBytes: this.settings.maxResponseBytes,
      reservation: options.reservation,
      lookup: addresses ? pinnedLookup(request.url.hostname, addresses) : undefined,
      ...(proxy && !https ? { httpProxy: proxy } : {}),
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
  // The user's exact target (skipEncoding) applies to the first request only; Location is followed as given.
  return { method, url, headers, body };
}
