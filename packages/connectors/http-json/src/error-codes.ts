/**
 * Codes of the errors the REST connector throws (besides the HTTP status as text, such as "404",
 * for a response with status 400 or above). An `errorExpression` routes on `error.code`.
 */
export const ERROR_CODES = {
  /** The request's host, or an address it resolves to, is on the block list. No connection was opened. */
  hostBlocked: 'HOST_BLOCKED',
  /** The host name could not be resolved. */
  dns: 'DNS_ERROR',
  /** Name lookup and connect took longer than `connectionTimeoutInSeconds`. */
  connectionTimeout: 'CONNECTION_TIMEOUT',
  /** No response (or a pause while it arrived) within `readTimeoutInSeconds`. */
  timeout: 'TIMEOUT',
  /** Nothing listens at the address and port. */
  connectionRefused: 'CONNECTION_REFUSED',
  /** The connection failed or broke (reset, unreachable network, ...). */
  connection: 'CONNECTION_ERROR',
  /** The TLS handshake failed (untrusted or expired certificate, wrong host name, ...). */
  tls: 'TLS_ERROR',
  /** The response body exceeds the configured size limit; it was not read further. */
  responseTooLarge: 'RESPONSE_TOO_LARGE',
  /** The request body exceeds the configured size limit; nothing was sent. */
  requestTooLarge: 'REQUEST_TOO_LARGE',
  /** More redirects than allowed. */
  tooManyRedirects: 'TOO_MANY_REDIRECTS',
  /** A redirect to something that is not a http(s) URL. */
  invalidRedirect: 'INVALID_REDIRECT',
  /** The OAuth token endpoint refused to issue a token, or answered without one. */
  oauthToken: 'OAUTH_TOKEN_ERROR',
  /** The runtime cancelled the job (shutdown or job timeout). */
  cancelled: 'CANCELLED',
  /** Bad input: invalid URL, header, encoding, missing client secret... (no retries). */
  invalidInput: 'INVALID_INPUT',
} as const;

export type ErrorCode = (typeof ERROR_CODES)[keyof typeof ERROR_CODES];
