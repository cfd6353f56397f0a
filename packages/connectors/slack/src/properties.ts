/**
 * The inputs of the Slack connector. Binding names (`token`, `method`, `data.*`), dropdown values,
 * defaults and conditions are those of Camunda's stock template (`io.camunda.connectors.Slack.v1`),
 * so a task modelled with it binds unchanged. Stock inputs this connector does not use (documents,
 * `slackCredential`, the reaction and pin fields) are not declared: the binding drops them.
 */
import { p, type Choice, type InputOf, type Property, type PropertyGroup } from '@connectorkit/sdk';
import { blocksSchema, EXAMPLE_BLOCKS } from './blocks.js';
import { usersSchema } from './users-input.js';

/** Operations this connector performs (values of `method`, as in the stock template). */
export const METHOD = {
  postMessage: 'chat.postMessage',
  createChannel: 'conversations.create',
  invite: 'conversations.invite',
} as const;

/** Operations the stock template offers that this connector does not perform yet. */
export const UNSUPPORTED_METHODS = ['reactions.add', 'pins.add', 'pins.remove'] as const;

export type SupportedMethod = (typeof METHOD)[keyof typeof METHOD];
export type UnsupportedMethod = (typeof UNSUPPORTED_METHODS)[number];

export const MESSAGE_TYPE = { plainText: 'plainText', blocks: 'messageBlock' } as const;
export const CHANNEL_TYPE = { id: 'channelId', name: 'channelName' } as const;

/** Slack's rule for channel names; a leading `=` is a FEEL expression in Modeler. */
const CHANNEL_NAME_PATTERN = {
  value: '^(=|[-_a-z0-9]{1,80}$)',
  message: 'May contain up to 80 lowercase letters, digits, underscores, and dashes',
};

export const groups: readonly PropertyGroup[] = [
  { id: 'operation', label: 'Operation' },
  { id: 'authentication', label: 'Authentication' },
  { id: 'message', label: 'Message' },
  { id: 'channel', label: 'Channel' },
  { id: 'invite', label: 'Invite' },
];

const offered: readonly Choice<SupportedMethod>[] = [
  { name: 'Post message', value: METHOD.postMessage },
  { name: 'Create channel', value: METHOD.createChannel },
  { name: 'Invite to channel', value: METHOD.invite },
];
/** Every `method` value a stock model may carry: accepted by validation, answered by the connector. */
const accepted: readonly Choice<SupportedMethod | UnsupportedMethod>[] = [
  ...offered,
  ...UNSUPPORTED_METHODS.map((value) => ({ name: value, value })),
];

/**
 * A dropdown whose run-time validation accepts every value of `prop`, while Modeler offers only
 * `choices`. Used for `method`: a stock model may name an operation we do not perform yet, and the
 * connector answers it with an error naming the operation instead of a generic "must be one of".
 */
function offerOnly<P extends Property<string, boolean>>(prop: P, choices: readonly Choice[]): P {
  return Object.freeze({ ...prop, options: Object.freeze({ ...prop.options, choices }) });
}

/** A required text that must also hold more than blanks (Slack refuses those): the template is unchanged. */
function nonBlank<T extends Property<string, boolean>>(prop: T): T {
  return Object.freeze({ ...prop, schema: prop.schema.refine((v) => v.trim() !== '', { error: 'is required' }) });
}

/** chat.postMessage: plain text or Block Kit blocks. */
const messageType = p.variants({
  discriminator: 'data.messageType',
  label: 'Message type',
  group: 'message',
  default: MESSAGE_TYPE.plainText,
  choices: [
    { name: 'Plain text', value: MESSAGE_TYPE.plainText },
    { name: 'Message block', value: MESSAGE_TYPE.blocks },
  ],
  fields: {
    'data.text': {
      in: [MESSAGE_TYPE.plainText],
      property: nonBlank(
        p.textarea({
          label: 'Message',
          description: 'Slack mrkdwn: *bold*, _italic_, <https://example.com|links>; @names and #channels are linked',
          group: 'message',
          required: true,
          feel: 'optional',
        }),
      ),
    },
    'data.blockContent': {
      in: [MESSAGE_TYPE.blocks],
      property: p.json({
        label: 'Message block',
        description: 'A list of Block Kit blocks (see api.slack.com/block-kit), as a FEEL list or JSON text',
        tooltip:
          'An array of rich message content blocks. See the <a href="https://api.slack.com/reference/surfaces/formatting#stack_of_blocks" target="_blank">Slack Block Kit reference</a>',
        group: 'message',
        required: true,
        schema: blocksSchema,
        default: EXAMPLE_BLOCKS,
      }),
    },
  },
});

/** conversations.invite: the channel by id or by name. */
const inviteBy = p.variants({
  discriminator: 'data.channelType',
  label: 'Invite By',
  group: 'invite',
  default: CHANNEL_TYPE.id,
  choices: [
    { name: 'Channel ID', value: CHANNEL_TYPE.id },
    { name: 'Channel name', value: CHANNEL_TYPE.name },
  ],
  fields: {
    'data.channelId': {
      in: [CHANNEL_TYPE.id],
      property: nonBlank(p.text({ label: 'Channel ID', placeholder: 'C024BE91L', group: 'invite', required: true, feel: 'optional' })),
    },
    'data.channelName': {
      in: [CHANNEL_TYPE.name],
      property: nonBlank(
        p.text({
          label: 'Channel name',
          group: 'invite',
          required: true,
          feel: 'optional',
          constraints: { pattern: { value: '^(=|#?[-_a-z0-9]{1,80}$)', message: CHANNEL_NAME_PATTERN.message } },
        }),
      ),
    },
  },
});

/** The operations, each with its inputs: the connector receives a union narrowing on `method`. */
const operations = p.variants({
  discriminator: 'method',
  label: 'Method',
  group: 'operation',
  default: METHOD.postMessage,
  choices: accepted,
  fields: {
    // chat.postMessage (Modeler shows the Message group before the Channel group, as the stock template does)
    'data.channel': {
      in: [METHOD.postMessage],
      property: nonBlank(
        p.text({
          label: 'Channel/user name/email',
          description: 'A channel id (C…), #channel-name, @user name or a user e-mail address (the message then goes to that user)',
          placeholder: '#general',
          group: 'channel',
          required: true,
          feel: 'optional',
        }),
      ),
    },
    'data.thread': {
      in: [METHOD.postMessage],
      property: p.text({
        label: 'Thread',
        description: 'Timestamp (ts) of the parent message, to reply in its thread',
        group: 'channel',
        feel: 'optional',
      }),
    },
    'data.messageType': { in: [METHOD.postMessage], variants: messageType },

    // conversations.create
    'data.newChannelName': {
      in: [METHOD.createChannel],
      property: nonBlank(
        p.text({ label: 'Channel name', group: 'channel', required: true, feel: 'optional', constraints: { pattern: CHANNEL_NAME_PATTERN } }),
      ),
    },
    'data.visibility': {
      in: [METHOD.createChannel],
      property: p.dropdown({
        label: 'Visibility',
        group: 'channel',
        default: 'PUBLIC',
        choices: [
          { name: 'Public', value: 'PUBLIC' },
          { name: 'Private', value: 'PRIVATE' },
        ],
      }),
    },

    // conversations.invite
    'data.channelType': { in: [METHOD.invite], variants: inviteBy },
    'data.users': {
      in: [METHOD.invite],
      property: p.json({
        label: 'Users',
        description: 'Comma-separated user ids, @names or e-mail addresses, or a FEEL list of them',
        placeholder: '@jane, john@example.com, U024BE7LH',
        group: 'invite',
        required: true,
        feel: 'optional',
        schema: usersSchema,
      }),
    },
  },
});

const { method, ...operationInputs } = operations;

export const properties = {
  // Modeler offers the operations this connector performs; validation accepts every stock value.
  method: offerOnly(method, offered),
  token: p.text({
    label: 'OAuth token',
    description: 'Bot or user token of your Slack app (xoxb-… or xoxp-…); reference a secret such as {{secrets.SLACK_TOKEN}}',
    placeholder: '{{secrets.SLACK_TOKEN}}',
    group: 'authentication',
    required: true,
    secret: true,
    feel: 'optional',
  }),
  ...operationInputs,
};

/** The input the connector receives, inferred from its properties. */
export type SlackInput = InputOf<typeof properties>;

/** The `data.*` inputs of one operation. */
export type SlackData<M extends SupportedMethod> = Extract<SlackInput, { method: M }>['data'];
