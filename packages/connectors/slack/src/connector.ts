import { ConnectorInputError, defineOutbound } from '@connectorkit/sdk';
import { slackApi } from './client.js';
import { ERROR_CODES } from './failure.js';
import { icon } from './icon.js';
import { createChannel, type CreateChannelResult } from './operations/create-channel.js';
import { invite, type InviteResult } from './operations/invite.js';
import { postMessage, type PostMessageResult } from './operations/post-message.js';
import { groups, METHOD, properties } from './properties.js';

export type SlackResult = PostMessageResult | CreateChannelResult | InviteResult;

/** Posts messages, creates channels and invites users, through Slack's Web API; drop-in for Camunda's stock Slack task. */
export const slackConnector = defineOutbound({
  id: 'io.connectorkit.slack',
  name: 'Slack',
  version: 3,
  type: 'io.camunda:slack:1',
  description: 'Post a message to a channel or user, create a channel, or invite users to a channel',
  icon,
  documentationRef: 'https://docs.slack.dev/reference/methods',
  keywords: ['post message', 'send message', 'create channel', 'invite to channel', 'chat', 'notification', 'slack'],
  groups,
  properties,
  async execute(ctx): Promise<SlackResult> {
    const input = ctx.input;
    const api = slackApi(input.token.trim(), { signal: ctx.signal, log: ctx.log });
    switch (input.method) {
      case METHOD.postMessage:
        return postMessage(api, input.data);
      case METHOD.createChannel:
        return createChannel(api, input.data);
      case METHOD.invite:
        return invite(api, input.data);
      default: {
        const { method } = input;
        throw new ConnectorInputError(
          `Slack method '${method}' is not supported by this connector yet; supported: ${Object.values(METHOD).join(', ')}`,
          { code: ERROR_CODES.unsupportedMethod, issues: [{ field: 'method', rule: `'${method}' is not supported yet` }] },
        );
      }
    }
  },
});
