/**
 * One HTTP exchange through axios: no redirects followed, the body streamed into memory up to the
 * per-response limit and within the memory budget every response in flight shares.
 */
import http from 'node:http';
import https from 'node:https';
import { Readable } from 'node:stream';
import { ConnectorError, lazyLoad } from '@connectorkit/sdk';
import type { Agents } from './agents.js';
import { ERROR_CODES } from './error-codes.js';
import type { pinnedLookup } from './host-guard.js';
import type { Reservation } from './memory-budget.js';
import type { ProxyServer } from './proxy.js';
import { toConnectorError } from './transport-errors.js';

export type HeaderValue = string | string[];
export type Headers = Record<string, HeaderValue>;

export interface WireRequest {
  /** Upper case. */
  method: string;
  url: URL;
  headers: Headers;
  body?: string | Buffer | FormData;
  /** `skipEncoding`: the request target exactly as the user wrote it (path and query), instead of `url`'s normalised form. */
  rawTarget?: string;
}

export interface WireResponse {
  status: number;
  /** The reason phrase the server sent. */
  statusText: string;
  /**
   * Names as the server sent them (as Camunda's connector returns them): a name sent once has its
   * value, a name sent more than once a list; `Set-Cookie` is always a list.
   */
  headers: Headers;
  body: Buffer;
}

export interface ExchangeOptions {
  agents: Agents;
  /** Longest wait for the response to start and longest pause while it arrives, in ms (0: none). */
  readTimeoutMs: number;
  /** Longest pause while the request body is sent, in ms (0: none). */
  writeTimeoutMs?: number;
  maxResponseBytes: number;
  /** Where the bytes of the response are counted against the budget of all responses in flight. */
  reservation?: Reservation;
  /** Addresses the connection may use (from the host check); absent for IP literals and through a proxy. */
  lookup?: ReturnType<typeof pinnedLookup>;
  /** Plain http through this proxy (https goes through the tunnel of `agents.https`). */
  httpProxy?: ProxyServer;
  signal?: AbortSignal;
}

/**
 * axios (and what it pulls in: form-data, proxy agents; ~40 ms and a few MB) is loaded by the first
 * request or the runtime's warm-up once it is ready, not when the connector package is loaded.
 */
const axiosClient = lazyLoad('axios (io.camunda:http-json)', async () => (await import('axios')).default.create());

/** `GET https://api.example.com`: how errors name a request (never the path or query, which may hold secrets). */
export function describe(method: string, url: URL): string {
  return `${method} ${url.origin}`;
}

/** A header of a response or request, whatever the case of its name; the first value of a list. */
export function headerOf(headers: Headers, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== wanted) continue;
    const first: unknown = Array.isArray(value) ? value[0] : value;
    if (typeof first === 'string') return first;
  }
  return undefined;
}

/**
 * Camunda's shape: names as sent, grouped by exact name; one value a text, several a list;
 * `Set-Cookie` always a list (as Camunda's connector has done since `groupSetCookieHeaders` became the rule).
 */
export function groupHeaders(raw: readonly string[]): Headers {
  const grouped = new Map<string, string[]>();
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!;
    grouped.set(name, [...(grouped.get(name) ?? []), raw[i + 1]!]);
  }
  const out: Headers = {};
  for (const [name, values] of grouped) {
    out[name] = values.length > 1 || name.toLowerCase() === 'set-cookie' ? values : values[0]!;
  }
  return out;
}

/** The raw header lines of a response when node has them; else the parsed ones (lower case). */
function rawHeadersOf(res: { headers: unknown; request?: unknown }, stream: unknown): string[] {
  for (const candidate of [stream, (res.request as { res?: unknown } | undefined)?.res]) {
    const raw = (candidate as { rawHeaders?: unknown } | undefined)?.rawHeaders;
    if (Array.isArray(raw) && raw.length > 0) return raw.map(String);
  }
  const parsed = res.headers as { toJSON?: () => Record<string, unknown> };
  const plain = typeof parsed.toJSON === 'function' ? parsed.toJSON() : (res.headers as Record<string, unknown>);
  const out: string[] = [];
  for (const [name, value] of Object.entries(plain)) {
    if (value === undefined || value === null) continue;
    for (const v of Array.isArray(value) ? value : [value]) out.push(name, String(v));
  }
  return out;
}

function budgetError(where: string, reservation: Reservation): ConnectorError {
  const mb = (n: number) => `${Math.round(n / (1024 * 1024))} MB`;
  return new ConnectorError(
    ERROR_CODES.responseMemoryExceeded,
    `${where} failed: the responses in flight together would exceed the memory budget of ${mb(reservation.limitBytes)} ` +
      '(CONNECTORKIT_HTTP_MAX_RESPONSE_MEMORY); the job is retried as a failure',
  );
}

const tooLarge = (where: string) =>
  new ConnectorError(ERROR_CODES.responseTooLarge, `${where} failed: the response is larger than the configured limit`);

/** Reads a body stream into memory: per-response limit, shared budget, and the read timeout between chunks. */
function readBody(
  stream: Readable,
  where: string,
  options: ExchangeOptions,
  abort: () => void,
  expectedLength: number | undefined,
): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let timer: NodeJS.Timeout | undefined;
    let finished = false;
    const finish = (err: Error | undefined, body?: Buffer) => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      // A kept-alive socket outlives the response: nothing of the body may stay reachable from it.
      chunks.length = 0;
      stream.off('data', onData);
      if (err) {
        stream.destroy();
        abort();
        reject(err);
      } else resolve(body!);
    };
    const arm = () => {
      if (options.readTimeoutMs <= 0) return;
      clearTimeout(timer);
      timer = setTimeout(
        () =>
          finish(new ConnectorError(ERROR_CODES.timeout, `${where} failed: no response within the read timeout (ETIMEDOUT)`)),
        options.readTimeoutMs,
      );
    };
    const onAbort = () => finish(new ConnectorError(ERROR_CODES.cancelled, `${where} failed: the job was cancelled`));
    if (options.signal?.aborted) return onAbort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    // With a known length (no decompression), one buffer filled in place: no second copy at the end.
    const whole = expectedLength !== undefined && expectedLength <= options.maxResponseBytes ? Buffer.allocUnsafe(expectedLength) : undefined;
    const onData = (chunk: Buffer) => {
      if (finished) return;
      if (options.reservation && !options.reservation.grow(chunk.length)) return finish(budgetError(where, options.reservation));
      if (size + chunk.length > options.maxResponseBytes) return finish(tooLarge(where));
      if (whole && size + chunk.length <= whole.length) chunk.copy(whole, size);
      else chunks.push(chunk);
      size += chunk.length;
      arm();
    };
    stream.on('data', onData);
    stream.once('end', () => {
      if (whole && size === whole.length && chunks.length === 0) return finish(undefined, whole);
      const parts = whole ? [whole.subarray(0, Math.min(size, whole.length)), ...chunks] : [...chunks];
      finish(undefined, parts.length === 1 ? parts[0]! : Buffer.concat(parts, size));
    });
    stream.once('error', (e) => finish(toConnectorError(e, where)));
    stream.once('close', () => {
      if (!finished && !stream.readableEnded) finish(toConnectorError(Object.assign(new Error('the connection closed while the response arrived'), { code: 'ECONNRESET' }), where));
    });
    arm();
  });
}

/**
 * The body as a stream whose pauses are bounded by the write timeout: a server that stops reading
 * stops the stream, and the request is abandoned once a pause exceeds the limit.
 */
function timedBody(body: string | Buffer, writeTimeoutMs: number, onStall: () => void): { stream: Readable; done: () => void } {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  const CHUNK = 64 * 1024;
  let offset = 0;
  let timer: NodeJS.Timeout | undefined;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(onStall, writeTimeoutMs);
  };
  const stream = new Readable({
    read() {
      if (offset >= bytes.length) {
        clearTimeout(timer);
        this.push(null);
        return;
      }
      arm();
      this.push(bytes.subarray(offset, offset + CHUNK));
      offset += CHUNK;
    },
  });
  return { stream, done: () => clearTimeout(timer) };
}

/** Requests whose target is sent exactly as given (`skipEncoding`), bypassing axios' URL normalisation. */
function rawTargetTransport(target: string) {
  const wrap = (mod: typeof http | typeof https) => ({
    request: (options: http.RequestOptions, callback?: (res: http.IncomingMessage) => void) =>
      mod.request({ ...options, path: target }, callback),
  });
  return { http: wrap(http), https: wrap(https) };
}

export async function exchange(request: WireRequest, options: ExchangeOptions): Promise<WireResponse> {
  const client = await axiosClient();
  const where = describe(request.method, request.url);
  // The job's signal aborts the request. A signal of our own exists only where the request itself
  // may have to be stopped before a response (a stalled body upload): AbortSignal.any and an
  // AbortController per request cost more than the rest of this function.
  let signal = options.signal;
  let local: AbortController | undefined;
  let unlink = () => {};
  let stalled = false;
  let data: unknown = request.body;
  let bodyDone = () => {};
  const headers: Headers = { ...request.headers };
  const writeTimeoutMs = options.writeTimeoutMs ?? 0;
  if (writeTimeoutMs > 0 && (typeof request.body === 'string' || Buffer.isBuffer(request.body))) {
    if (Buffer.byteLength(request.body) > options.maxResponseBytes) {
      throw toConnectorError(Object.assign(new Error('Request body larger than maxBodyLength limit'), { code: 'ERR_BAD_REQUEST' }), where);
    }
    const own = new AbortController();
    local = own;
    if (options.signal?.aborted) own.abort();
    else if (options.signal) {
      const job = options.signal;
      const forward = () => own.abort();
      job.addEventListener('abort', forward, { once: true });
      unlink = () => job.removeEventListener('abort', forward);
    }
    signal = own.signal;
    const timed = timedBody(request.body, writeTimeoutMs, () => {
      stalled = true;
      own.abort();
    });
    headers['Content-Length'] = String(Buffer.byteLength(request.body));
    data = timed.stream;
    bodyDone = timed.done;
  }
  const transport = request.rawTarget
    ? rawTargetTransport(options.httpProxy ? `${request.url.protocol}//${request.url.host}${request.rawTarget}` : request.rawTarget)
    : undefined;
  const isHttps = request.url.protocol === 'https:';
  try {
    const res = await client.request<Readable>({
      url: request.url.href,
      method: request.method,
      headers,
      data,
      responseType: 'stream',
      transformRequest: [(d: unknown) => d],
      transformResponse: [(d: unknown) => d],
      validateStatus: () => true,
      maxRedirects: 0,
      proxy: options.httpProxy
        ? {
            protocol: options.httpProxy.protocol.replace(':', ''),
            host: options.httpProxy.host,
            port: options.httpProxy.port,
            ...(options.httpProxy.username !== undefined
              ? { auth: { username: options.httpProxy.username, password: options.httpProxy.password ?? '' } }
              : {}),
          }
        : false,
      decompress: true,
      timeout: options.readTimeoutMs,
      maxContentLength: -1,
      maxBodyLength: options.maxResponseBytes,
      httpAgent: options.agents.http,
      httpsAgent: options.agents.https,
      ...(options.lookup ? { lookup: options.lookup } : {}),
      ...(transport ? { transport: isHttps && !options.httpProxy ? transport.https : transport.http } : {}),
      ...(signal ? { signal } : {}),
      transitional: { clarifyTimeoutError: true, silentJSONParsing: true, forcedJSONParsing: false },
    });
    bodyDone();
    unlink();
    const stream = res.data;
    // From here the read timeout is ours (between chunks); axios' would abort with a less clear error.
    (res.request as { setTimeout?: (ms: number) => void } | undefined)?.setTimeout?.(0);
    const responseHeaders = groupHeaders(rawHeadersOf(res, stream));
    // The declared length counts only when the body arrives as it was sent (not decompressed).
    const declared = headerOf(responseHeaders, 'content-encoding') ? undefined : Number(headerOf(responseHeaders, 'content-length'));
    const length = declared !== undefined && Number.isSafeInteger(declared) && declared >= 0 ? declared : undefined;
    if (length !== undefined && length > options.maxResponseBytes) {
      stream.destroy();
      throw tooLarge(where);
    }
    // Stopping the read stops the request: its socket is not reused.
    const request_ = res.request as { destroy?: () => void } | undefined;
    const body = await readBody(stream, where, options, () => (local ? local.abort() : request_?.destroy?.()), length);
    return { status: res.status, statusText: res.statusText ?? '', headers: responseHeaders, body };
  } catch (e) {
    bodyDone();
    unlink();
    if (stalled) {
      throw new ConnectorError(ERROR_CODES.timeout, `${where} failed: the request body was not sent within the write timeout`);
    }
    throw toConnectorError(e, where);
  }
}
