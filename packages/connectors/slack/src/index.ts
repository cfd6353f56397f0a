import { slackConnector } from './connector.js';

export { slackConnector, type SlackResult } from './connector.js';
export { ERROR_CODES } from './failure.js';
export { METHOD, UNSUPPORTED_METHODS, type SlackInput } from './properties.js';
export type { PostMessageResult, PostedMessage } from './operations/post-message.js';
export type { CreateChannelResult } from './operations/create-channel.js';
export type { InviteResult } from './operations/invite.js';
export type { SlackBlock } from './blocks.js';

export default slackConnector;
