import { TRANSPORT_ERROR_CODES } from '@connectorkit/sdk';

/**
 * Codes of the errors the REST connector throws (besides the HTTP status as text, such as "404",
 * for a response with status 400 or above, as Camunda's REST connector gives it). An
 * `errorExpression` routes on `error.code`. Transport failures use the SDK's shared codes.
 */
export const ERROR_CODES = {
  /** The request's host, or an address it resolves to, is on the block list. No connection was opened. */
  hostBlocked: 'HOST_BLOCKED',
  /** The host name could not be resolved. */
  dns: TRANSPORT_ERROR_CODES.dns,
  /** Name lookup and connect took longer than `connectionTimeoutInSeconds`. */
  connectionTimeout: TRANSPORT_ERROR_CODES.connectionTimeout,
  /** No response (or a pause while it arrived) within `readTimeoutInSeconds`. */
  timeout: TRANSPORT_ERROR_CODES.timeout,
  /** Nothing listens at the address and port. */
  connectionRefused: TRANSPORT_ERROR_CODES.connectionRefused,
  /** The connection failed or broke (reset, unreachable network, ...). */
  connection: TRANSPORT_ERROR_CODES.connection,
  /** The TLS handshake failed (untrusted or expired certificate, wrong host name, ...). */
  tls: TRANSPORT_ERROR_CODES.tls,
  /** The response body exceeds the configured size limit; it was not read further. */
  responseTooLarge: 'RESPONSE_TOO_LARGE',
  /**
   * The responses in flight together (all executions of this connector) would exceed the memory
   * budget (`CONNECTORKIT_HTTP_MAX_RESPONSE_MEMORY`); reading stopped. A failure with retries.
   */
  responseMemoryExceeded: 'RESPONSE_MEMORY_EXCEEDED',
  /** The task asks for Camunda's document store (`storeResponse`, the `DOCUMENT` format), which this runtime does not have (input error). */
  documentStoreUnavailable: 'DOCUMENT_STORE_UNAVAILABLE',
  /** The client TLS material (`clientTls.*`) cannot be used: malformed PEM, wrong password, certificate without key (input error). */
  invalidClientTls: 'INVALID_CLIENT_TLS',
  /** The request body exceeds the configured size limit; nothing was sent. */
  requestTooLarge: 'REQUEST_TOO_LARGE',
  /** More redirects than allowed. */
  tooManyRedirects: 'TOO_MANY_REDIRECTS',
  /** A redirect to something that is not a http(s) URL. */
  invalidRedirect: 'INVALID_REDIRECT',
  /** The OAuth token endpoint refused to issue a token, or answered without one. */
  oauthToken: 'OAUTH_TOKEN_ERROR',
  /** The runtime cancelled the job (shutdown or job timeout). */
  cancelled: TRANSPORT_ERROR_CODES.cancelled,
  /** Bad input: invalid URL, header, encoding, missing client secret... (no retries). */
  invalidInput: 'INVALID_INPUT',
} as const;

export type ErrorCode = (typeof ERROR_CODES)[keyof typeof ERROR_CODES];
