/**
 * The properties of the webhook connector. Binding names (`inbound.*`), dropdown values and
 * defaults are those of Camunda's stock webhook templates (`webhook-connector-*.json`, versions 1
 * to 15), so an element modelled with any of them binds unchanged. Stock properties that are not
 * the connector's (`inbound.type`, `inbound.subtype`, `activationCondition`, correlation, result
 * mapping, deduplication) are the runtime's business or ignored; they are not declared here.
 *
 * Expressions the connector evaluates per request (`evaluation: 'event'`) arrive as their FEEL
 * text; every other `=` value is evaluated by the runtime once, at activation.
 */
import { p, z, type Choice, type InputOf, type Property, type PropertyGroup } from '@connectorkit/sdk';

export const groups: readonly PropertyGroup[] = [
  { id: 'endpoint', label: 'Webhook configuration' },
  { id: 'authentication', label: 'HMAC authentication' },
  { id: 'authorization', label: 'Authorization' },
  { id: 'webhookResponse', label: 'Webhook response' },
];

/** Values of `inbound.method` in the stock templates (lower case); `any` accepts every method. */
export const METHODS = ['any', 'get', 'post', 'put', 'delete'] as const;
export type MethodChoice = (typeof METHODS)[number];

export const HMAC_ALGORITHMS = ['sha_1', 'sha_256', 'sha_512'] as const;
export type HmacAlgorithm = (typeof HMAC_ALGORITHMS)[number];

export const AUTH_TYPES = ['NONE', 'BASIC', 'APIKEY', 'JWT'] as const;
export type AuthType = (typeof AUTH_TYPES)[number];

export const DEFAULT_API_KEY_LOCATOR = '=split(request.headers.authorization, " ")[2]';

/**
 * A dropdown whose validation also accepts `extra` values (older or differently cased spellings),
 * while Modeler offers only the declared choices.
 */
function alsoAccept<V extends string, Present extends boolean>(prop: Property<V, Present>, extra: readonly string[]): Property<V, Present> {
  const values = [...(prop.options.choices ?? []).map((c) => c.value), ...extra];
  const schema = z.enum(values as [string, ...string[]], {
    error: `must be one of ${values.map((v) => JSON.stringify(v)).join(', ')}`,
  }) as unknown as z.ZodType<V>;
  return Object.freeze({ ...prop, schema });
}

const methodChoices: readonly Choice<MethodChoice>[] = [
  { name: 'Any', value: 'any' },
  { name: 'GET', value: 'get' },
  { name: 'POST', value: 'post' },
  { name: 'PUT', value: 'put' },
  { name: 'DELETE', value: 'delete' },
];

/** HMAC scopes: a FEEL list of `url`, `body`, `parameters` (any case), as Camunda reads them. */
const hmacScopesSchema = z
  .union([z.array(z.string({ error: 'must be a list of "url", "body" or "parameters"' })), z.string()], {
    error: 'must be a list of "url", "body" or "parameters"',
  })
  .transform((v) => (typeof v === 'string' ? v.split(',') : v).map((s) => s.trim().toUpperCase()).filter((s) => s !== ''))
  .pipe(
    z.array(z.enum(['URL', 'BODY', 'PARAMETERS'], { error: 'each scope must be "url", "body" or "parameters"' })),
  );

/** Required JWT permissions: a FEEL list of strings (a single string is one permission). */
const permissionsSchema = z
  .union([z.array(z.string({ error: 'must be a list of strings' })), z.string()], { error: 'must be a list of strings' })
  .transform((v) => (typeof v === 'string' ? [v] : v));

const hmacEnabled = { property: 'inbound.shouldValidateHmac', equals: 'enabled' } as const;
const onAuth = (type: AuthType) => ({ property: 'inbound.auth.type', equals: type }) as const;

export const properties = {
  'inbound.context': p.text({
    label: 'Webhook ID',
    description: 'The last part of the webhook URL: /inbound/<Webhook ID>',
    group: 'endpoint',
    required: true,
    constraints: {
      pattern: {
        value: '^[a-zA-Z0-9]+([-_][a-zA-Z0-9]+)*$',
        message: 'can only contain letters, numbers, or single underscores/hyphens and cannot begin or end with an underscore/hyphen',
      },
    },
  }),
  'inbound.method': alsoAccept(
    p.dropdown({ label: 'Webhook method', description: 'HTTP method the webhook accepts', group: 'endpoint', default: 'any', choices: methodChoices }),
    METHODS.map((m) => m.toUpperCase()),
  ),
  'inbound.shouldValidateHmac': p.dropdown({
    label: 'HMAC authentication',
    description: 'Check an HMAC signature of each request',
    group: 'authentication',
    default: 'disabled',
    choices: [
      { name: 'Enabled', value: 'enabled' },
      { name: 'Disabled', value: 'disabled' },
    ],
  }),
  'inbound.hmacSecret': p.text({
    label: 'HMAC secret key',
    description: 'Shared secret key; reference a secret such as {{secrets.WEBHOOK_HMAC_SECRET}}',
    group: 'authentication',
    required: true,
    secret: true,
    feel: 'optional',
    condition: hmacEnabled,
  }),
  'inbound.hmacHeader': p.text({
    label: 'HMAC header',
    description: 'Name of the request header holding the signature (hex or base64, optionally prefixed like sha256=)',
    placeholder: 'x-signature',
    group: 'authentication',
    required: true,
    feel: 'optional',
    condition: hmacEnabled,
  }),
  'inbound.hmacAlgorithm': p.dropdown({
    label: 'HMAC algorithm',
    group: 'authentication',
    default: 'sha_256',
    choices: [
      { name: 'SHA-1', value: 'sha_1' },
      { name: 'SHA-256', value: 'sha_256' },
      { name: 'SHA-512', value: 'sha_512' },
    ],
    condition: hmacEnabled,
  }),
  'inbound.hmacScopes': p.json({
    label: 'HMAC scopes',
    description: 'What is signed: ["body"] (default), ["url", "body"], ["url", "parameters"] or ["url", "parameters", "body"]',
    group: 'authentication',
    schema: hmacScopesSchema,
    condition: hmacEnabled,
  }),
  'inbound.auth.type': p.dropdown({
    label: 'Authorization type',
    group: 'authorization',
    default: 'NONE',
    choices: [
      { name: 'None', value: 'NONE' },
      { name: 'Basic', value: 'BASIC' },
      { name: 'API key', value: 'APIKEY' },
      { name: 'JWT', value: 'JWT' },
    ],
  }),
  'inbound.auth.username': p.text({
    label: 'Username',
    description: 'Username for basic authentication',
    group: 'authorization',
    required: true,
    feel: 'optional',
    condition: onAuth('BASIC'),
  }),
  'inbound.auth.password': p.text({
    label: 'Password',
    description: 'Password for basic authentication; reference a secret such as {{secrets.WEBHOOK_PASSWORD}}',
    group: 'authorization',
    required: true,
    secret: true,
    feel: 'optional',
    condition: onAuth('BASIC'),
  }),
  'inbound.auth.apiKey': p.text({
    label: 'API key',
    description: 'Expected API key; reference a secret such as {{secrets.WEBHOOK_API_KEY}}',
    group: 'authorization',
    required: true,
    secret: true,
    feel: 'optional',
    condition: onAuth('APIKEY'),
  }),
  'inbound.auth.apiKeyLocator': p.text({
    label: 'API key locator',
    description: 'FEEL expression over `request` (body, headers, params) that finds the API key in the request',
    group: 'authorization',
    required: true,
    feel: 'required',
    evaluation: 'event',
    default: DEFAULT_API_KEY_LOCATOR,
    condition: onAuth('APIKEY'),
  }),
  'inbound.auth.jwt.jwkUrl': p.text({
    label: 'JWK URL',
    description: 'URL of the JSON Web Key Set that signs the tokens (fetched and cached)',
    placeholder: 'https://issuer.example.com/.well-known/jwks.json',
    group: 'authorization',
    required: true,
    feel: 'optional',
    condition: onAuth('JWT'),
  }),
  'inbound.auth.jwt.permissionsExpression': p.text({
    label: 'JWT role property expression',
    description: 'FEEL expression over the token payload that gives the list of its roles, e.g. =roles',
    group: 'authorization',
    feel: 'required',
    evaluation: 'event',
    condition: onAuth('JWT'),
  }),
  'inbound.auth.jwt.requiredPermissions': p.json({
    label: 'Required roles',
    description: 'Roles the token must all have, e.g. ["admin"]',
    group: 'authorization',
    schema: permissionsSchema,
    condition: onAuth('JWT'),
  }),
  'inbound.verificationExpression': p.textarea({
    label: 'One time verification response expression',
    description:
      'FEEL over `request` (body, headers, params): a {body, statusCode, headers} context answers the request without correlating (a challenge); null goes on as usual',
    group: 'webhookResponse',
    feel: 'required',
    evaluation: 'event',
  }),
  'inbound.responseExpression': p.textarea({
    label: 'Response expression',
    description: 'FEEL over `request` and `correlation` that gives the HTTP response: {body, statusCode, headers}',
    group: 'webhookResponse',
    feel: 'required',
    evaluation: 'event',
  }),
  'inbound.responseBodyExpression': p.textarea({
    label: 'Response body expression (deprecated)',
    description: 'Older templates (before version 11): FEEL giving the body of a 200 response. Use the response expression instead',
    group: 'webhookResponse',
    feel: 'required',
    evaluation: 'event',
  }),
};

/** The input the connector receives, inferred from its properties. */
export type WebhookInput = InputOf<typeof properties>;
