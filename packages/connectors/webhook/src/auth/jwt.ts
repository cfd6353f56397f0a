/**
 * JWT authorization: a bearer token signed by a key of the configured JSON Web Key Set (fetched
 * and cached by jose), not expired, and holding every required role. Roles are read from the
 * token payload by a FEEL expression, as Camunda does.
 */
import { evaluateExpression } from '@connectorkit/sdk';
import type { JWTPayload, JWTVerifyGetKey } from 'jose';
import type { WebhookRequest } from '@connectorkit/sdk';
import { header } from '../request.js';
import { invalidCredentials, type AuthOutcome } from './outcome.js';

/** Asymmetric algorithms only: a key set holds public keys, and `none` or HMAC must never pass. */
export const JWT_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519'];

/** How long fetched keys are trusted before the key set is fetched again (Camunda: 10 minutes). */
export const JWKS_CACHE_MAX_AGE_MS = 10 * 60_000;

export interface JwtSettings {
  jwkUrl: URL;
  permissionsExpression?: string;
  requiredPermissions: readonly string[];
}

/** The key set could not be fetched or read: the token cannot be checked, through no fault of the caller. */
class KeySetUnavailable extends Error {}

type Jose = typeof import('jose');
/** jose is loaded on the first JWT-authenticated request, not when the connector loads (start-up time and memory). */
let library: Promise<Jose> | undefined;
const loadJose = () => (library ??= import('jose'));

function keySet(jose: Jose, url: URL): JWTVerifyGetKey {
  const { errors } = jose;
  /** Errors of the key set that are about the token (its `kid` or `alg`), not about the key set. */
  const tokenErrors = [errors.JWKSNoMatchingKey, errors.JWKSMultipleMatchingKeys, errors.JOSENotSupported, errors.JOSEAlgNotAllowed];
  const remote = jose.createRemoteJWKSet(url, { cacheMaxAge: JWKS_CACHE_MAX_AGE_MS, timeoutDuration: 5_000, cooldownDuration: 30_000 });
  return async (protectedHeader, token) => {
    try {
      return await remote(protectedHeader, token);
    } catch (e) {
      if (tokenErrors.some((type) => e instanceof type)) throw e;
      throw new KeySetUnavailable(e instanceof Error ? e.message : String(e), { cause: e });
    }
  };
}

function roles(expression: string | undefined, payload: JWTPayload): string[] {
  if (expression === undefined) return [];
  let value: unknown;
  try {
    value = evaluateExpression(expression, payload as Record<string, unknown>);
  } catch {
    return []; // as Camunda: a failing expression finds no roles
  }
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function why({ errors }: Jose, e: unknown): string {
  if (e instanceof errors.JWTExpired) return 'the token has expired';
  if (e instanceof errors.JWSSignatureVerificationFailed) return 'the token signature does not verify';
  if (e instanceof errors.JWKSNoMatchingKey) return 'no key of the key set matches the token';
  if (e instanceof errors.JOSEAlgNotAllowed || e instanceof errors.JOSENotSupported) return 'the token algorithm is not accepted';
  if (e instanceof errors.JWTClaimValidationFailed) return `the token claim "${e.claim}" is not valid now`;
  return 'the token is malformed';
}

/** A checker bound to one key set; its cache lives as long as the checker. */
export function jwtChecker(settings: JwtSettings): (request: WebhookRequest) => Promise<AuthOutcome> {
  let keys: JWTVerifyGetKey | undefined;
  return async (request) => {
    const token = (header(request, 'authorization') ?? '').trim().replace(/^bearer\s+/i, '');
    if (token === '') return invalidCredentials('JWT auth failed', 'JWT auth failed: no bearer token in the Authorization header');
    const jose = await loadJose();
    keys ??= keySet(jose, settings.jwkUrl);
    let payload: JWTPayload;
    try {
      ({ payload } = await jose.jwtVerify(token, keys, { algorithms: JWT_ALGORITHMS }));
    } catch (e) {
      if (e instanceof KeySetUnavailable) {
        return { ok: false, status: 503, details: 'The JSON Web Key Set is unavailable; retry later', why: `the key set on host ${settings.jwkUrl.host} is unavailable: ${e.message}` };
      }
      return invalidCredentials('JWT auth failed', `JWT auth failed: ${why(jose, e)}`);
    }
    if (settings.requiredPermissions.length > 0) {
      const held = new Set(roles(settings.permissionsExpression, payload));
      const missing = settings.requiredPermissions.filter((r) => !held.has(r));
      if (missing.length > 0) {
        return {
          ok: false,
          status: 403,
          reason: 'FORBIDDEN',
          details: 'Missing required permissions',
          why: `the token lacks the required roles ${JSON.stringify(missing)}`,
        };
      }
    }
    return { ok: true };
  };
}
