/** One execution of the REST connector: build the request, authenticate, send, map the response. */
import { createSecureContext } from 'node:tls';
import { ConnectorInputError, type OutboundContext } from '@connectorkit/sdk';
import type { TlsMaterial } from './agents.js';
import { applyAuth, credentialValues, type TokenSource } from './auth.js';
import { encodeBody } from './body.js';
import type { HttpClient } from './client.js';
import { ERROR_CODES } from './error-codes.js';
import type { MemoryBudget } from './memory-budget.js';
import { requestToken } from './oauth.js';
import type { OAuthTokenCache } from './oauth-token-cache.js';
import type { HttpJsonInput } from './properties.js';
import { describeProxy, type ProxySettings } from './proxy.js';
import { redactError } from './redact.js';
import { buildRawTarget, buildUrl, HeaderSet } from './request-parts.js';
import { statusError, toResult, type HttpJsonResult } from './response.js';

export interface ExecuteDeps {
  client: HttpClient;
  tokens: OAuthTokenCache;
  /** The budget every response in flight shares. */
  memory: MemoryBudget;
  proxies?: ProxySettings;
}


/** Methods that carry the body (DELETE too: older stock templates offered a body for it). */
const WITH_BODY = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Header names that carry credentials by convention, when the host does not say which values are secrets. */
const CREDENTIAL_NAME = /auth|token|key|secret|passw|session|cookie|signature|credential/i;

const millis = (seconds: number) => Math.max(0, Math.round(seconds * 1000));

export async function executeRequest(ctx: OutboundContext<HttpJsonInput>, deps: ExecuteDeps): Promise<HttpJsonResult> {
  const input = ctx.input;
  const sensitive = credentialValues(input.authentication);
  const reservation = deps.memory.reservation();
  try {
    return await run(ctx, deps, sensitive, reservation);
  } catch (e) {
    throw redactError(e, sensitive);
  } finally {
    reservation.release();
  }
}

/** The task asks for Camunda's document store: an incident, never a silent fallback to JSON. */
function refuseDocumentStore(input: HttpJsonInput): void {
  const asked =
    input.storeResponse === true
      ? 'storeResponse = true'
      : input.documentReturnFormat.choice === 'DOCUMENT'
        ? 'documentReturnFormat.choice = DOCUMENT'
        : undefined;
  if (!asked) return;
  throw new ConnectorInputError(
    `The task asks for the response as a Camunda document (${asked}), but this runtime has no document store; ` +
      'choose the JSON or TEXT response format',
    { code: ERROR_CODES.documentStoreUnavailable, issues: [{ field: asked.split(' ')[0]!, rule: 'needs a document store' }] },
  );
}

/** PEM text from a secret may carry its line breaks as `\n`. */
const pem = (v: string | undefined) => (v && v.trim() !== '' ? (v.includes('\n') ? v : v.replace(/\\n/g, '\n')) : undefined);

/** The client TLS material of the input, checked (a malformed certificate or a wrong password is an input error). */
function clientTls(input: HttpJsonInput): TlsMaterial | undefined {
  const tls = input.clientTls;
  if (!tls) return undefined;
  const material: TlsMaterial = {
    cert: pem(tls.clientCertificate),
    key: pem(tls.clientPrivateKey),
    passphrase: tls.privateKeyPassword || undefined,
    ca: pem(tls.trustedCertificate),
  };
  if (!material.cert && !material.key && !material.ca) return undefined;
  const issue = (field: string, rule: string) =>
    new ConnectorInputError(`Invalid input: clientTls.${field}: ${rule}`, {
      code: ERROR_CODES.invalidClientTls,
      issues: [{ field: `clientTls.${field}`, rule }],
    });
  if (Boolean(material.cert) !== Boolean(material.key)) {
    throw issue(material.cert ? 'clientPrivateKey' : 'clientCertificate', 'mutual TLS needs both a client certificate and its private key');
  }
  try {
    createSecureContext(material);
  } catch (e) {
    // Never echo the material; node's reason (bad decrypt, no start line...) names no part of it.
    const reason = (e as { reason?: unknown; message?: unknown }).reason ?? (e as Error).message;
    throw issue(material.cert ? 'clientCertificate' : 'trustedCertificate', `the PEM material cannot be used (${String(reason)})`);
  }
  return material;
}

/**
 * Headers dropped on a redirect to another origin: those whose value carries a secret of the job
 * (a `{{secrets.*}}` reference, a secret property, a value marked sensitive), and those whose name
 * marks a credential typed in literally (X-Api-Token, X-Session-Key, ...).
 */
function secretBoundHeaders(headers: Record<string, unknown>, secrets: readonly string[]): string[] {
  const usable = secrets.filter((s) => s.length >= 3);
  return Object.entries(headers)
    .filter(([name, value]) => {
      const values = (Array.isArray(value) ? value : [value]).map(String);
      return values.some((v) => usable.some((s) => v.includes(s))) || CREDENTIAL_NAME.test(name);
    })
    .map(([name]) => name);
}

async function run(
  ctx: OutboundContext<HttpJsonInput>,
  deps: ExecuteDeps,
  sensitive: string[],
  reservation: ReturnType<MemoryBudget['reservation']>,
): Promise<HttpJsonResult> {
  const { input, log, signal } = ctx;
  refuseDocumentStore(input);
  const method = input.method;
  const url = buildUrl(input.url, input.queryParameters);
  const rawTarget = input.skipEncoding ? buildRawTarget(input.url, input.queryParameters) : undefined;
  const headers = HeaderSet.from(input.headers);
  const secretHeaders = secretBoundHeaders(headers.toObject(), ctx.secretsUsed);
  const body = WITH_BODY.has(method) ? encodeBody(input.body, headers, input.ignoreNullValues ?? false) : undefined;
  const tls = clientTls(input);
  const connectTimeoutMs = millis(input.connectionTimeoutInSeconds);
  const timeouts = {
    connectTimeoutMs,
    // Absent (older models): the connection timeout, as Camunda's connector does.
    readTimeoutMs: input.readTimeoutInSeconds === undefined ? connectTimeoutMs : millis(input.readTimeoutInSeconds),
    signal,
  };

  const tokenSource: TokenSource = (settings, key) =>
    deps.tokens.get(key, (rotated) => requestToken(deps.client, settings, timeouts, rotated));
  const auth = await applyAuth(input.authentication, { url, headers }, tokenSource, sensitive);

  const proxy = deps.proxies?.forUrl(url);
  log.debug(
    { method, origin: url.origin, authentication: input.authentication.type, ...(proxy ? { proxy: describeProxy(proxy) } : {}) },
    'sending HTTP request',
  );
  const response = await deps.client.send(
    { method, url, headers: headers.toObject(), body, ...(rawTarget ? { rawTarget } : {}) },
    {
      ...timeouts,
      writeTimeoutMs: input.writeTimeoutInSeconds === undefined ? 0 : millis(input.writeTimeoutInSeconds),
      followRedirects: input.followRedirects,
      credentialHeaders: [...auth.credentialHeaders, ...secretHeaders],
      tls,
      reservation,
    },
  );
  if (response.status === 401 && auth.oauth) deps.tokens.evict(auth.oauth.cacheKey, auth.oauth.accessToken);

  const format = input.documentReturnFormat.choice === 'TEXT' ? 'TEXT' : 'JSON';
  const result = toResult(response, format, input.documentReturnFormat.encoding ?? 'UTF-8');
  log.debug({ method, origin: url.origin, status: response.status }, 'HTTP response received');
  if (response.status >= 400) throw statusError(result, response.statusText);
  return result;
}
