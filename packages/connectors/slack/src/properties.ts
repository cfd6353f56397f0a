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
  { id: 'channel', label: 'Channel' },
  { id: 'message', label: 'Message' },
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
function offerOnly<V extends string, Present extends boolean>(
  prop: Property<V, Present>,
  choices: readonly Choice<V>[],
): Property<V, Present> {
  return Object.freeze({ ...prop, options: Object.freeze({ ...prop.options, choices }) });
}

const onPostMessage = { property: 'method', equals: METHOD.postMessage } as const;
const onCreate = { property: 'method', equals: METHOD.createChannel } as const;
const onInvite = { property: 'method', equals: METHOD.invite } as const;

export const properties = {
  method: offerOnly(
    p.dropdown({
      label: 'Method',
      group: 'operation',
      default: METHOD.postMessage,
      choices: accepted,
    }),
    offered,
  ),
  token: p.text({
    label: 'OAuth token',
    description: 'Bot or user token of your Slack app (xoxb-… or xoxp-…); reference a secret such as {{secrets.SLACK_TOKEN}}',
    placeholder: '{{secrets.SLACK_TOKEN}}',
    group: 'authentication',
    required: true,
    secret: true,
    feel: 'optional',
  }),

  // chat.postMessage
  'data.channel': p.text({
    label: 'Channel/user name/email',
    description: 'A channel id (C…), #channel-name, @user name or a user e-mail address (the message then goes to that user)',
    placeholder: '#general',
    group: 'channel',
    required: true,
    feel: 'optional',
    condition: onPostMessage,
  }),
  'data.thread': p.text({
    label: 'Thread',
    description: 'Timestamp (ts) of the parent message, to reply in its thread',
    group: 'channel',
    feel: 'optional',
    condition: onPostMessage,
  }),
  'data.messageType': p.dropdown({
    label: 'Message type',
    group: 'message',
    default: MESSAGE_TYPE.plainText,
    choices: [
      { name: 'Plain text', value: MESSAGE_TYPE.plainText },
      { name: 'Message block', value: MESSAGE_TYPE.blocks },
    ],
    condition: onPostMessage,
  }),
  'data.text': p.textarea({
    label: 'Message',
    description: 'Slack mrkdwn: *bold*, _italic_, <https://example.com|links>; @names and #channels are linked',
    group: 'message',
    required: true,
    feel: 'optional',
    condition: { allMatch: [{ property: 'data.messageType', equals: MESSAGE_TYPE.plainText }, onPostMessage] },
  }),
  'data.blockContent': p.json({
    label: 'Message block',
    description: 'A list of Block Kit blocks (see api.slack.com/block-kit), as a FEEL list or JSON text',
    group: 'message',
    required: true,
    schema: blocksSchema,
    default: EXAMPLE_BLOCKS,
    condition: { allMatch: [{ property: 'data.messageType', equals: MESSAGE_TYPE.blocks }, onPostMessage] },
  }),

  // conversations.create
  'data.newChannelName': p.text({
    label: 'Channel name',
    group: 'channel',
    required: true,
    feel: 'optional',
    constraints: { pattern: CHANNEL_NAME_PATTERN },
    condition: onCreate,
  }),
  'data.visibility': p.dropdown({
    label: 'Visibility',
    group: 'channel',
    default: 'PUBLIC',
    choices: [
      { name: 'Public', value: 'PUBLIC' },
      { name: 'Private', value: 'PRIVATE' },
    ],
    condition: onCreate,
  }),

  // conversations.invite
  'data.channelType': p.dropdown({
    label: 'Invite by',
    group: 'invite',
    default: CHANNEL_TYPE.id,
    choices: [
      { name: 'Channel ID', value: CHANNEL_TYPE.id },
      { name: 'Channel name', value: CHANNEL_TYPE.name },
    ],
    condition: onInvite,
  }),
  'data.channelId': p.text({
    label: 'Channel ID',
    placeholder: 'C024BE91L',
    group: 'invite',
    required: true,
    feel: 'optional',
    condition: { allMatch: [{ property: 'data.channelType', equals: CHANNEL_TYPE.id }, onInvite] },
  }),
  'data.channelName': p.text({
    label: 'Channel name',
    group: 'invite',
    required: true,
    feel: 'optional',
    constraints: { pattern: { value: '^(=|#?[-_a-z0-9]{1,80}$)', message: CHANNEL_NAME_PATTERN.message } },
    condition: { allMatch: [{ property: 'data.channelType', equals: CHANNEL_TYPE.name }, onInvite] },
  }),
  'data.users': p.json({
    label: 'Users',
    description: 'Comma-separated user ids, @names or e-mail addresses, or a FEEL list of them',
    placeholder: '@jane, john@example.com, U024BE7LH',
    group: 'invite',
    required: true,
    feel: 'optional',
    schema: usersSchema,
    condition: onInvite,
  }),
};

/** The input the connector receives, inferred from its properties. */
export type SlackInput = InputOf<typeof properties>;
