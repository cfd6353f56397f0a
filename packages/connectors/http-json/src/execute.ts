/** One execution of the REST connector: build the request, authenticate, send, map the response. */
import type { OutboundContext } from '@connectorkit/sdk';
import { applyAuth, credentialValues, type TokenSource } from './auth.js';
import { encodeBody } from './body.js';
import type { HttpClient } from './client.js';
import { requestToken } from './oauth.js';
import type { OAuthTokenCache } from './oauth-token-cache.js';
import type { HttpJsonInput } from './properties.js';
import { redactError } from './redact.js';
import { buildUrl, HeaderSet } from './request-parts.js';
import { statusError, toResult, type HttpJsonResult } from './response.js';

export interface ExecuteDeps {
  client: HttpClient;
  tokens: OAuthTokenCache;
}

/** Methods that carry the body (DELETE too: older stock templates offered a body for it). */
const WITH_BODY = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

const millis = (seconds: number) => Math.max(0, Math.round(seconds * 1000));

export async function executeRequest(ctx: OutboundContext<HttpJsonInput>, deps: ExecuteDeps): Promise<HttpJsonResult> {
  const input = ctx.input;
  const sensitive = credentialValues(input.authentication);
  try {
    return await run(ctx, deps, sensitive);
  } catch (e) {
    throw redactError(e, sensitive);
  }
}

async function run(ctx: OutboundContext<HttpJsonInput>, deps: ExecuteDeps, sensitive: string[]): Promise<HttpJsonResult> {
  const { input, log, signal } = ctx;
  const method = input.method;
  const url = buildUrl(input.url, input.queryParameters);
  const headers = HeaderSet.from(input.headers);
  const body = WITH_BODY.has(method) ? encodeBody(input.body, headers, input.ignoreNullValues ?? false) : undefined;
  const timeouts = {
    connectTimeoutMs: millis(input.connectionTimeoutInSeconds),
    readTimeoutMs: millis(input.readTimeoutInSeconds),
    signal,
  };

  const tokenSource: TokenSource = (settings, key) =>
    deps.tokens.get(key, (rotated) => requestToken(deps.client, settings, timeouts, rotated));
  const auth = await applyAuth(input.authentication, { url, headers }, tokenSource, sensitive);

  log.debug({ method, origin: url.origin, authentication: input.authentication.type }, 'sending HTTP request');
  const response = await deps.client.send(
    { method, url, headers: headers.toObject(), body },
    { ...timeouts, followRedirects: input.followRedirects, credentialHeaders: auth.credentialHeaders },
  );
  if (response.status === 401 && auth.oauth) deps.tokens.evict(auth.oauth.cacheKey, auth.oauth.accessToken);

  const format = input.documentReturnFormat.choice;
  const result = toResult(response, format, input.documentReturnFormat.encoding ?? 'UTF-8');
  log.debug({ method, origin: url.origin, status: response.status }, 'HTTP response received');
  if (response.status >= 400) throw statusError(result, response.statusText);
  return result;
}
