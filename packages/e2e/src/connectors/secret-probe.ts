import { createHash } from 'node:crypto';
import { defineOutbound, p } from '@connectorkit/sdk';

/** Reports a fingerprint of the token it received, never the token: proves the secret was resolved. */
export const secretProbe = defineOutbound({
  id: 'e2e.secret-probe',
  name: 'E2E secret probe',
  version: 1,
  type: 'e2e:secret-probe:1',
  properties: {
    token: p.text({ label: 'Token', required: true }),
  },
  execute: ({ input }) => ({
    length: input.token.length,
    sha256: createHash('sha256').update(input.token).digest('hex'),
    stillAPlaceholder: input.token.includes('secrets.'),
  }),
});
