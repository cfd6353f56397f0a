/** From the bytes received to the connector's result, or to the error for a status of 400 and above. */
import { TextDecoder } from 'node:util';
import { ConnectorError, ConnectorInputError, rateLimitError, retryAfterMs } from '@connectorkit/sdk';
import { headerOf, type Headers, type WireResponse } from './transport.js';

/** What the connector returns (the `response` a result expression sees), in Camunda's shape. */
export interface HttpJsonResult {
  status: number;
  /** Names as the server sent them; a repeated name and `Set-Cookie` are lists. */
  headers: Headers;
  /** Parsed JSON when the body is JSON, else the text; null when there is no body. */
  body: unknown;
  /** The reason phrase the server sent (`OK`, `Not Found`); empty when it sent none (HTTP/2). */
  reason: string;
  /** Camunda's stored document: always null here (no document store; a task that asks for one gets an incident). */
  document: null;
}

export type ResponseFormat = 'JSON' | 'TEXT';

function charsetOf(headers: Headers): string | undefined {
  const m = /;\s*charset="?([^";\s]+)"?/i.exec(headerOf(headers, 'content-type') ?? '');
  return m?.[1];
}

function decoder(label: string): TextDecoder | undefined {
  try {
    return new TextDecoder(label);
  } catch {
    return undefined;
  }
}

function decode(bytes: Buffer, headers: Headers, format: ResponseFormat, encoding: string): string {
  if (format === 'TEXT') {
    const d = decoder(encoding);
    if (!d) {
      throw ConnectorInputError.fromIssues([{ field: 'documentReturnFormat.encoding', rule: 'is not a known character set' }]);
    }
    return d.decode(bytes);
  }
  // JSON: the charset the server names, UTF-8 otherwise.
  const named = charsetOf(headers);
  return (named && decoder(named) ? decoder(named)! : new TextDecoder('utf-8')).decode(bytes);
}

/**
 * The body: null when empty; with the JSON format, the parsed value when the text is JSON (also when
 * the server says application/json but sends something else: then the text is returned as it is).
 */
export function parseBody(response: WireResponse, format: ResponseFormat, encoding: string): unknown {
  if (response.body.length === 0) return null;
  const text = decode(response.body, response.headers, format, encoding);
  if (format === 'TEXT') return text;
  if (text.trim() === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

export function responseHeaders(response: WireResponse): Headers {
  return { ...response.headers };
}

export function toResult(response: WireResponse, format: ResponseFormat, encoding: string): HttpJsonResult {
  return {
    status: response.status,
    headers: responseHeaders(response),
    body: parseBody(response, format, encoding),
    reason: response.statusText,
    document: null,
  };
}

/**
 * A status of 400 and above: code = the status as text ("404"), message = the reason phrase, and the
 * response under `variables.response`, where Camunda's error expressions look for it
 * (`error.variables.response.body`).
 */
export function statusError(result: HttpJsonResult, reason: string): ConnectorError {
  const phrase = reason.trim() || 'HTTP error';
  const message = `${phrase} (HTTP ${result.status})`;
  const variables = { response: { status: result.status, headers: result.headers, body: result.body } };
  // A rate limit with Retry-After: retried after the wait the server asked for (the code stays "429", as in Camunda's connector).
  const wait = result.status === 429 ? retryAfterMs(headerOf(result.headers, 'Retry-After')) : undefined;
  if (wait !== undefined) return rateLimitError(message, { code: '429', retryAfterMs: wait, variables });
  return new ConnectorError(String(result.status), message, { variables });
}
