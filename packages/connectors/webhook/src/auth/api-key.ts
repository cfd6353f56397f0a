/** API key authorization: the key is found in the request by a FEEL expression (the locator). */
import { evaluateExpression, FeelError } from '@connectorkit/sdk';
import type { MappedRequest } from '../request.js';
import { safeEqual } from './compare.js';
import { invalidCredentials, type AuthOutcome } from './outcome.js';

export function checkApiKey(expected: { apiKey: string; locator: string }, request: MappedRequest): AuthOutcome {
  let found: unknown;
  try {
    found = evaluateExpression(expected.locator, { request, connectorData: {} });
  } catch (e) {
    // The locator was checked at activation; what fails now fails on this request's shape.
    const message = e instanceof FeelError ? e.message : 'evaluation failed';
    return invalidCredentials('API key is missing', `API key is missing: the API key locator failed on this request (${message})`);
  }
  if (typeof found === 'number' || typeof found === 'boolean') found = String(found);
  if (typeof found !== 'string' || found === '') return invalidCredentials('API key is missing');
  return safeEqual(found, expected.apiKey) ? { ok: true } : invalidCredentials('API key is invalid');
}
