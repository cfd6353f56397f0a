import { defineOutbound, p } from '../src/index.js';

/** An authentication variant group as a REST connector declares it, used by the variant tests. */
export const authentication = p.variants({
  discriminator: 'authentication.type',
  label: 'Type',
  group: 'auth',
  default: 'none',
  choices: [
    { name: 'None', value: 'none' },
    { name: 'Basic', value: 'basic' },
    { name: 'Bearer token', value: 'bearer' },
    { name: 'OAuth client credentials', value: 'oauth-cc' },
    { name: 'OAuth refresh token', value: 'oauth-refresh' },
  ],
  fields: {
    'authentication.username': { in: ['basic'], property: p.text({ label: 'Username', group: 'auth', required: true }) },
    'authentication.password': { in: ['basic'], property: p.text({ label: 'Password', group: 'auth', required: true, secret: true }) },
    'authentication.token': { in: ['bearer'], property: p.text({ label: 'Token', group: 'auth', required: true, secret: true }) },
    'authentication.clientId': { in: ['oauth-cc', 'oauth-refresh'], property: p.text({ label: 'Client ID', group: 'auth', required: true }) },
    'authentication.clientSecret': {
      in: ['oauth-cc', 'oauth-refresh'],
      requiredIn: ['oauth-cc'],
      property: p.text({ label: 'Client secret', group: 'auth', secret: true }),
    },
    'authentication.refreshToken': { in: ['oauth-refresh'], property: p.text({ label: 'Refresh token', group: 'auth', required: true }) },
    'authentication.scopes': { in: ['oauth-cc', 'oauth-refresh'], property: p.text({ label: 'Scopes', group: 'auth' }) },
  },
});

export const withVariants = defineOutbound({
  id: 'io.connectorkit.test.variants',
  name: 'Variants',
  version: 1,
  type: 'io.connectorkit:test-variants:1',
  groups: [{ id: 'auth', label: 'Authentication' }],
  properties: {
    ...authentication,
    url: p.text({ label: 'URL', required: true }),
  },
  execute: ({ input }) => input,
});

/** Variants nested in a variant, as Slack's message type inside "post message". */
export const messageType = p.variants({
  discriminator: 'data.messageType',
  label: 'Message type',
  default: 'plain',
  choices: [
    { name: 'Plain', value: 'plain' },
    { name: 'Blocks', value: 'blocks' },
  ],
  fields: {
    'data.text': { in: ['plain'], property: p.text({ label: 'Text', required: true }) },
    'data.blocks': { in: ['blocks'], property: p.json({ label: 'Blocks', required: true }) },
  },
});

export const nested = {
  ...p.variants({
    discriminator: 'method',
    label: 'Method',
    default: 'post',
    choices: [
      { name: 'Post', value: 'post' },
      { name: 'Create', value: 'create' },
    ],
    fields: {
      'data.channel': { in: ['post'], property: p.text({ label: 'Channel', required: true }) },
      'data.messageType': { in: ['post'], variants: messageType },
      'data.name': { in: ['create'], property: p.text({ label: 'Name', required: true }) },
    },
  }),
  token: p.text({ label: 'Token', required: true }),
};
