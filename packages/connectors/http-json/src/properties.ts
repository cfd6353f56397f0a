/**
 * The inputs of the REST connector. Binding names, dropdown values, defaults, groups and conditions
 * are those of Camunda's stock template (`io.camunda.connectors.HttpJson.v2`), so a task modelled
 * with it binds unchanged. Stock inputs we do not support are not declared: they are accepted and
 * ignored (see the README); `storeResponse` and the `DOCUMENT` format are declared so that a model
 * asking for the document store gets a clear incident.
 */
import { p, type InputOf, type PropertyGroup } from '@connectorkit/sdk';
import { z } from 'zod';
import { acceptingAlso, feelText, lenientDropdown, templateDefaultOnly } from './property-helpers.js';

export const AUTH = {
  none: 'noAuth',
  apiKey: 'apiKey',
  basic: 'basic',
  bearer: 'bearer',
  oauthClientCredentials: 'oauth-client-credentials-flow',
  oauthRefreshToken: 'oauth-refresh-token',
} as const;

export const HTTP_METHODS = ['POST', 'GET', 'DELETE', 'PATCH', 'PUT'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export const groups: readonly PropertyGroup[] = [
  { id: 'authentication', label: 'Authentication' },
  { id: 'tls', label: 'Client certificate (mTLS)' },
  { id: 'endpoint', label: 'HTTP endpoint' },
  { id: 'timeout', label: 'Connection timeout' },
  { id: 'payload', label: 'Payload' },
];

/** The template's URL rule: a http(s) URL, a FEEL expression or a secret reference. */
const URL_PATTERN = { value: '^(=|(http://|https://|secrets|\\{\\{).*$)', message: 'Must be a http(s) URL' };

const oauthFlows = [AUTH.oauthClientCredentials, AUTH.oauthRefreshToken] as const;
const withBody = { property: 'method', oneOf: ['POST', 'PUT', 'PATCH'] } as const;

/** A FEEL map may also arrive as its JSON text. */
function parseJsonObject(v: unknown): unknown {
  if (typeof v !== 'string' || !v.trim().startsWith('{')) return v;
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
}

const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);
/** Names to values; a list sends the name once per value; null leaves the name out. */
const nameValueMap = z.preprocess(
  parseJsonObject,
  z.record(z.string(), z.union([scalar, z.array(scalar)]), { error: 'must be a map of names to text values' }),
);
export type NameValueMap = z.output<typeof nameValueMap>;

/**
 * Authentication: one variant per type, each with its fields. The connector receives a union that
 * narrows on `authentication.type`; validation requires the chosen type's fields.
 */
export const authentication = p.variants({
  discriminator: 'authentication.type',
  label: 'Type',
  description: "Choose the authentication type. Select 'None' if no authentication is necessary",
  group: 'authentication',
  default: AUTH.none,
  choices: [
    { name: 'API key', value: AUTH.apiKey },
    { name: 'Basic', value: AUTH.basic },
    { name: 'Bearer token', value: AUTH.bearer },
    { name: 'None', value: AUTH.none },
    { name: 'OAuth 2.0', value: AUTH.oauthClientCredentials },
    { name: 'OAuth 2.0 Refresh Token', value: AUTH.oauthRefreshToken },
  ],
  fields: {
    'authentication.apiKeyLocation': {
      in: [AUTH.apiKey],
      property: p.dropdown({
        label: 'Api key location',
        tooltip: 'Send API key in header or as query parameter.',
        group: 'authentication',
        required: true,
        default: 'headers',
        choices: [
          { name: 'Headers', value: 'headers' },
          { name: 'Query parameters', value: 'query' },
        ],
      }),
    },
    'authentication.name': {
      in: [AUTH.apiKey],
      property: feelText({ label: 'API key name', group: 'authentication', required: true, feel: 'optional' }),
    },
    'authentication.value': {
      in: [AUTH.apiKey],
      property: feelText({ label: 'API key value', group: 'authentication', required: true, secret: true, feel: 'optional' }),
    },
    'authentication.username': {
      in: [AUTH.basic],
      property: feelText({ label: 'Username', group: 'authentication', required: true, feel: 'optional' }),
    },
    'authentication.password': {
      in: [AUTH.basic],
      property: feelText({ label: 'Password', group: 'authentication', required: true, secret: true, feel: 'optional' }),
    },
    'authentication.token': {
      in: [AUTH.bearer],
      property: feelText({ label: 'Bearer token', group: 'authentication', required: true, secret: true, feel: 'optional' }),
    },
    'authentication.oauthTokenEndpoint': {
      in: oauthFlows,
      property: feelText({
        label: 'OAuth 2.0 token endpoint',
        group: 'authentication',
        required: true,
        feel: 'optional',
        constraints: { pattern: URL_PATTERN },
      }),
    },
    'authentication.clientId': {
      in: oauthFlows,
      property: feelText({
        label: 'Client ID',
        tooltip: "Your application's client ID from the OAuth client",
        group: 'authentication',
        required: true,
        feel: 'optional',
      }),
    },
    // Optional in the template (the refresh token flow may do without it), required for client credentials.
    'authentication.clientSecret': {
      in: oauthFlows,
      requiredIn: [AUTH.oauthClientCredentials],
      property: feelText({
        label: 'Client secret',
        tooltip:
          "Your application's client secret from the OAuth client. Required for OAuth 2.0 (client credentials), optional with a refresh token",
        group: 'authentication',
        secret: true,
        feel: 'optional',
      }),
    },
    'authentication.refreshToken': {
      in: [AUTH.oauthRefreshToken],
      property: feelText({
        label: 'Refresh token',
        tooltip: 'The refresh token used to obtain a new access token',
        group: 'authentication',
        required: true,
        secret: true,
        feel: 'optional',
      }),
    },
    'authentication.audience': {
      in: [AUTH.oauthClientCredentials],
      property: feelText({
        label: 'Audience',
        tooltip: 'The unique identifier of the target API you want to access',
        group: 'authentication',
        feel: 'optional',
      }),
    },
    'authentication.clientAuthentication': {
      in: [AUTH.oauthClientCredentials],
      property: p.dropdown({
        label: 'Client authentication',
        tooltip:
          'Send client ID and client secret as a Basic Auth header, or as client credentials in the request body',
        group: 'authentication',
        required: true,
        choices: [
          { name: 'Send client credentials in body', value: 'credentialsBody' },
          { name: 'Send as Basic Auth header', value: 'basicAuthHeader' },
        ],
      }),
    },
    'authentication.scopes': {
      in: oauthFlows,
      property: feelText({
        label: 'Scopes',
        tooltip: 'The scopes to request authorization for (space-separated)',
        placeholder: 'read:contacts',
        group: 'authentication',
        feel: 'optional',
      }),
    },
  },
});

export const properties = {
  ...authentication,
  // PEM blocks span lines: multi-line fields, as in the stock template.
  'clientTls.clientCertificate': p.textarea({
    label: 'Client certificate (PEM)',
    tooltip:
      'PEM-encoded client certificate chain presented to the server for mTLS, usually {{secrets.NAME}}. Provide together with the private key.',
    group: 'tls',
    feel: 'optional',
  }),
  'clientTls.clientPrivateKey': p.textarea({
    label: 'Client private key (PEM)',
    tooltip: 'PEM-encoded private key (PKCS#1, PKCS#8 or EC) of the client certificate, optionally encrypted; usually {{secrets.NAME}}.',
    group: 'tls',
    secret: true,
    feel: 'optional',
  }),
  'clientTls.privateKeyPassword': feelText({
    label: 'Private key password',
    tooltip: 'Password protecting the private key. Leave empty if it is not encrypted.',
    group: 'tls',
    secret: true,
    feel: 'optional',
  }),
  'clientTls.trustedCertificate': p.textarea({
    label: 'Trusted CA certificate (PEM)',
    tooltip:
      "Optional PEM-encoded CA certificate(s) the server certificate must chain to. If empty, the runtime's default trust store is used.",
    group: 'tls',
    feel: 'optional',
  }),
  // Older stock templates wrote lower-case methods (`get`): accepted in any case.
  method: lenientDropdown(
    p.dropdown({
      label: 'Method',
      group: 'endpoint',
      required: true,
      default: 'GET',
      choices: HTTP_METHODS.map((m) => ({ name: m, value: m })),
    }),
    (raw) => HTTP_METHODS.find((m) => m === raw.toUpperCase()),
  ),
  url: feelText({
    label: 'URL',
    group: 'endpoint',
    required: true,
    feel: 'optional',
    constraints: { pattern: URL_PATTERN },
  }),
  headers: p.json({
    label: 'Headers',
    tooltip: 'Map of HTTP headers to add to the request',
    group: 'endpoint',
    schema: nameValueMap,
  }),
  queryParameters: p.json({
    label: 'Query parameters',
    tooltip: 'Map of query parameters to add to the request URL',
    group: 'endpoint',
    schema: nameValueMap,
  }),
  skipEncoding: p.boolean({
    label: 'Skip URL encoding',
    tooltip: 'Send the URL exactly as given, without normalising or percent-encoding it',
    group: 'endpoint',
    default: false,
  }),
  followRedirects: p.boolean({
    label: 'Follow redirects',
    tooltip: 'If enabled, HTTP 3xx redirects will be followed automatically. Disabled by default.',
    group: 'endpoint',
    default: false,
  }),
  // The stock `DOCUMENT` format (document store) is accepted at run time and refused by the connector
  // with a clear incident: this runtime has no document store.
  'documentReturnFormat.choice': acceptingAlso(
    p.dropdown({
      label: 'Response format',
      tooltip:
        'How the response body should be returned. as text decodes it as a string; as JSON parses it into a structure you can access via dot notation (a body that is not JSON stays text).',
      group: 'endpoint',
      default: 'JSON',
      choices: [
        // The stock order (its first choice, Document reference, needs a document store).
        { name: 'as text', value: 'TEXT' },
        { name: 'as JSON', value: 'JSON' },
      ],
    }),
    z.preprocess(
      (v) => (typeof v === 'string' ? v.toUpperCase() : v),
      z.enum(['JSON', 'TEXT', 'DOCUMENT'], { error: 'must be one of "JSON", "TEXT"' }),
    ),
  ),
  'documentReturnFormat.encoding': feelText({
    label: 'Encoding',
    description: 'Character set used to decode the response. Default UTF-8.',
    group: 'endpoint',
    default: 'UTF-8',
    feel: 'optional',
    condition: { property: 'documentReturnFormat.choice', equals: 'TEXT' },
  }),
  connectionTimeoutInSeconds: p.number({
    label: 'Connection timeout in seconds',
    tooltip: 'Longest wait for the connection (name lookup and connect). Use 0 for an infinite timeout',
    group: 'timeout',
    required: true,
    default: 20,
    min: 0,
  }),
  // Absent (models from stock templates before v7): the connection timeout, as Camunda's connector does.
  readTimeoutInSeconds: templateDefaultOnly(
    p.number({
      label: 'Read timeout in seconds',
      tooltip:
        'Longest wait for the response to start, and longest pause while it arrives. Use 0 for an infinite timeout; empty: the connection timeout',
      group: 'timeout',
      required: true,
      default: 20,
      min: 0,
    }),
  ),
  // Stock template v7 only.
  writeTimeoutInSeconds: p.number({
    label: 'Write timeout in seconds',
    tooltip: 'Longest pause while the request body is being sent. Empty or 0: no limit',
    group: 'timeout',
    min: 0,
    condition: withBody,
  }),
  // Camunda's document store (stock templates v10 to v16): not available here, so true is refused.
  storeResponse: acceptingAlso(p.hidden({ value: false, group: 'endpoint' }), z.preprocess(
    (v) => (v === 'true' ? true : v === 'false' ? false : v),
    z.boolean({ error: 'must be true or false' }),
  )),
  body: p.json({
    label: 'Request body',
    tooltip: 'Payload to send with the request',
    group: 'payload',
    feel: 'optional',
    condition: withBody,
  }),
  ignoreNullValues: p.boolean({
    label: 'Ignore null values',
    tooltip: 'Null values will not be sent',
    group: 'payload',
    default: false,
    condition: withBody,
  }),
};

/** The input `execute` receives, inferred from the properties. */
export type HttpJsonInput = InputOf<typeof properties>;
