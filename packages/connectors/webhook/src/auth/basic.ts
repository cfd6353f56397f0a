/** Basic authorization: `Authorization: Basic base64(username:password)`. */
import type { WebhookRequest } from '@connectorkit/sdk';
import { header } from '../request.js';
import { safeEqual } from './compare.js';
import { invalidCredentials, type AuthOutcome } from './outcome.js';

export function checkBasic(expected: { username: string; password: string }, request: WebhookRequest): AuthOutcome {
  const value = header(request, 'authorization')?.trim() ?? '';
  const match = /^basic\s+(\S+)$/i.exec(value);
  if (!match) return invalidCredentials('Basic auth header is missing');
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  return safeEqual(decoded, `${expected.username}:${expected.password}`)
    ? { ok: true }
    : invalidCredentials('Basic auth header is invalid', 'Basic auth header is invalid (wrong username or password)');
}
