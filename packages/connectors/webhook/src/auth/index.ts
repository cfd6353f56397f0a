/** One authorization checker per configuration (NONE, BASIC, APIKEY, JWT). */
import type { WebhookRequest } from '@connectorkit/sdk';
import type { AuthConfig } from '../config.js';
import type { MappedRequest } from '../request.js';
import { checkApiKey } from './api-key.js';
import { checkBasic } from './basic.js';
import { jwtChecker } from './jwt.js';
import type { AuthOutcome } from './outcome.js';

export type { AuthOutcome } from './outcome.js';

export type AuthChecker = (request: WebhookRequest, mapped: MappedRequest) => Promise<AuthOutcome> | AuthOutcome;

export function authChecker(auth: AuthConfig): AuthChecker {
  switch (auth.type) {
    case 'NONE':
      return () => ({ ok: true });
    case 'BASIC':
      return (request) => checkBasic(auth, request);
    case 'APIKEY':
      return (_request, mapped) => checkApiKey(auth, mapped);
    case 'JWT': {
      const check = jwtChecker(auth);
      return (request) => check(request);
    }
  }
}
