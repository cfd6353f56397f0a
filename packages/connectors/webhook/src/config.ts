/**
 * Activation: turns the bound properties into the configuration requests are checked against, and
 * refuses combinations that cannot work, naming the field. Runs once per activation; no request
 * ever sees an invalid configuration.
 */
import { checkSyntax, ConnectorInputError, FeelError, type FieldIssue } from '@connectorkit/sdk';
import { hmacStrategy, type HmacScope, type HmacStrategy } from './hmac.js';
import type { HmacAlgorithm, MethodChoice, WebhookInput } from './properties.js';

export type AuthConfig =
  | { type: 'NONE' }
  | { type: 'BASIC'; username: string; password: string }
  | { type: 'APIKEY'; apiKey: string; locator: string }
  | { type: 'JWT'; jwkUrl: URL; permissionsExpression?: string; requiredPermissions: readonly string[] };

export interface HmacConfig {
  secret: string;
  /** Lower case, as request headers arrive. */
  header: string;
  algorithm: HmacAlgorithm;
  scopes: readonly HmacScope[];
  strategy: HmacStrategy;
}

export interface WebhookConfig {
  context: string;
  /** Upper case, or `ANY`. */
  method: Uppercase<MethodChoice>;
  hmac?: HmacConfig;
  auth: AuthConfig;
  verificationExpression?: string;
  responseExpression?: string;
  /** Only when `responseExpression` is not set (older templates). */
  responseBodyExpression?: string;
}

/** An RFC 9110 header name. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

const present = (s: string | undefined): s is string => s !== undefined && s.trim() !== '';

function expression(issues: FieldIssue[], field: string, text: string | undefined): string | undefined {
  if (!present(text)) return undefined;
  try {
    checkSyntax(text);
  } catch (e) {
    issues.push({ field, rule: e instanceof FeelError ? `is not a valid FEEL expression: ${e.message}` : 'is not a valid FEEL expression' });
  }
  return text;
}

function hmacConfig(input: WebhookInput, issues: FieldIssue[]): HmacConfig | undefined {
  if (input.inbound.shouldValidateHmac !== 'enabled') return undefined;
  const secret = input.inbound.hmacSecret ?? '';
  const header = (input.inbound.hmacHeader ?? '').trim();
  if (!present(secret)) issues.push({ field: 'inbound.hmacSecret', rule: 'is required when HMAC authentication is enabled' });
  if (header === '') issues.push({ field: 'inbound.hmacHeader', rule: 'is required when HMAC authentication is enabled' });
  else if (!HEADER_NAME.test(header)) issues.push({ field: 'inbound.hmacHeader', rule: 'must be an HTTP header name (letters, digits, - and no spaces)' });
  const scopes: HmacScope[] = [...new Set<HmacScope>(input.inbound.hmacScopes ?? ['BODY'])];
  const strategy = scopes.length === 0 ? undefined : hmacStrategy(scopes);
  if (!strategy) {
    issues.push({
      field: 'inbound.hmacScopes',
      rule: `${JSON.stringify(scopes.map((s) => s.toLowerCase()))} is not supported; use ["body"], ["url", "body"], ["url", "parameters"] or ["url", "parameters", "body"]`,
    });
  }
  return { secret, header: header.toLowerCase(), algorithm: input.inbound.hmacAlgorithm ?? 'sha_256', scopes, strategy: strategy! };
}

function jwkUrl(issues: FieldIssue[], text: string): URL {
  let url: URL | undefined;
  try {
    url = new URL(text.trim());
  } catch {
    // reported below
  }
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    issues.push({ field: 'inbound.auth.jwt.jwkUrl', rule: 'must be an http or https URL' });
    return new URL('http://invalid.invalid/');
  }
  return url;
}

function authConfig(input: WebhookInput, issues: FieldIssue[]): AuthConfig {
  const auth = input.inbound.auth;
  switch (auth.type) {
    case 'NONE':
      return { type: 'NONE' };
    case 'BASIC': {
      const username = auth.username ?? '';
      const password = auth.password ?? '';
      if (!present(username)) issues.push({ field: 'inbound.auth.username', rule: 'is required for basic authorization' });
      else if (username.includes(':')) issues.push({ field: 'inbound.auth.username', rule: 'must not contain ":" (basic authorization cannot carry it)' });
      if (password === '') issues.push({ field: 'inbound.auth.password', rule: 'is required for basic authorization' });
      return { type: 'BASIC', username, password };
    }
    case 'APIKEY': {
      const apiKey = auth.apiKey ?? '';
      if (!present(apiKey)) issues.push({ field: 'inbound.auth.apiKey', rule: 'is required for API key authorization' });
      const locator = expression(issues, 'inbound.auth.apiKeyLocator', auth.apiKeyLocator);
      if (locator === undefined) issues.push({ field: 'inbound.auth.apiKeyLocator', rule: 'is required for API key authorization' });
      return { type: 'APIKEY', apiKey, locator: locator ?? '' };
    }
    case 'JWT': {
      const jwt = auth.jwt ?? {};
      if (!present(jwt.jwkUrl)) issues.push({ field: 'inbound.auth.jwt.jwkUrl', rule: 'is required for JWT authorization' });
      const url = present(jwt.jwkUrl) ? jwkUrl(issues, jwt.jwkUrl) : new URL('http://invalid.invalid/');
      const permissionsExpression = expression(issues, 'inbound.auth.jwt.permissionsExpression', jwt.permissionsExpression);
      const requiredPermissions = (jwt.requiredPermissions ?? []).filter((r) => r !== '');
      if (requiredPermissions.length > 0 && permissionsExpression === undefined) {
        issues.push({
          field: 'inbound.auth.jwt.permissionsExpression',
          rule: 'is required when required roles are set (it tells where the token lists its roles)',
        });
      }
      return { type: 'JWT', jwkUrl: url, permissionsExpression, requiredPermissions };
    }
  }
}

/** Builds the configuration, or throws one {@link ConnectorInputError} naming every bad field. */
export function buildConfig(input: WebhookInput): WebhookConfig {
  const issues: FieldIssue[] = [];
  const hmac = hmacConfig(input, issues);
  const auth = authConfig(input, issues);
  const verificationExpression = expression(issues, 'inbound.verificationExpression', input.inbound.verificationExpression);
  const responseExpression = expression(issues, 'inbound.responseExpression', input.inbound.responseExpression);
  const responseBodyExpression =
    responseExpression === undefined ? expression(issues, 'inbound.responseBodyExpression', input.inbound.responseBodyExpression) : undefined;
  if (issues.length > 0) throw ConnectorInputError.fromIssues(issues);
  return {
    context: input.inbound.context,
    method: input.inbound.method.toUpperCase() as Uppercase<MethodChoice>,
    hmac,
    auth,
    verificationExpression,
    responseExpression,
    responseBodyExpression,
  };
}
