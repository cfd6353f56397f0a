import { z } from 'zod';
import { defineOutbound, p } from '../src/index.js';

/** A connector with one property of each kind, used by the type, validation and template tests. */
export const everyKind = defineOutbound({
  id: 'io.connectorkit.test.every-kind',
  name: 'Every kind',
  version: 2,
  type: 'io.connectorkit:test-every-kind:1',
  description: 'A connector with one property of each kind',
  documentationRef: 'https://example.com/docs',
  groups: [
    { id: 'auth', label: 'Authentication' },
    { id: 'request', label: 'Request' },
  ],
  properties: {
    'authentication.type': p.dropdown({
      label: 'Type',
      group: 'auth',
      required: true,
      default: 'none',
      choices: [
        { name: 'None', value: 'none' },
        { name: 'Bearer token', value: 'bearer' },
        { name: 'Basic', value: 'basic' },
      ],
    }),
    'authentication.token': p.text({
      label: 'Token',
      group: 'auth',
      required: true,
      secret: true,
      condition: { property: 'authentication.type', equals: 'bearer' },
    }),
    'authentication.username': p.text({
      label: 'Username',
      group: 'auth',
      required: true,
      condition: { property: 'authentication.type', oneOf: ['basic'] },
    }),
    url: p.text({
      label: 'URL',
      group: 'request',
      required: true,
      feel: 'optional',
      placeholder: 'https://...',
      tooltip: 'Where to send the request',
      constraints: { pattern: { value: '^(=|https?://)', message: 'must start with http:// or https://' }, maxLength: 2048 },
    }),
    note: p.textarea({ label: 'Note', group: 'request', constraints: { minLength: 2 } }),
    timeout: p.number({ label: 'Timeout (s)', group: 'request', default: 20, min: 0, integer: true }),
    limit: p.number({ label: 'Limit', group: 'request', max: 100 }),
    followRedirects: p.boolean({ label: 'Follow redirects', group: 'request', default: false }),
    verbose: p.boolean({ label: 'Verbose', group: 'request' }),
    mode: p.hidden({ value: 'strict' }),
    headers: p.json({
      label: 'Headers',
      group: 'request',
      schema: z.record(z.string(), z.string()),
      condition: { allMatch: [{ property: 'authentication.type', equals: 'none' }, { property: 'verbose', equals: true }] },
    }),
    body: p.json({ label: 'Body', group: 'request' }),
  },
  execute(ctx) {
    return { url: ctx.input.url, auth: ctx.input.authentication.type };
  },
});
