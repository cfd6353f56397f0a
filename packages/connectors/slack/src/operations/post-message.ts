/**
 * chat.postMessage: a plain-text or Block Kit message to a channel (id or `#name`, passed to Slack
 * as given: Slack accepts both) or to a user (`@name` or e-mail address, looked up to a user id:
 * Slack then delivers it in the app's direct-message channel with that user), optionally in a thread.
 */
import { z } from 'zod';
import type { SlackApi } from '../client.js';
import { isEmail, userIdByEmail, userIdsByName } from '../lookup.js';
import { MESSAGE_TYPE, type SlackData } from '../properties.js';

export interface PostedMessage {
  type?: string;
  team?: string;
  user?: string;
  text?: string;
  ts?: string;
  appId?: string;
  botId?: string;
  threadTs?: string;
}

/** Result of chat.postMessage (the stock connector's shape: `message` fields in camelCase). */
export interface PostMessageResult {
  /** Timestamp of the new message: its id within the channel (use it as `data.thread` to reply). */
  ts: string;
  /** Id of the channel the message went to (for a user: the direct-message channel). */
  channel: string;
  message: PostedMessage;
}

const text = z.string().nullish();
const answer = z.looseObject({
  ts: z.string().min(1),
  channel: z.string().min(1),
  message: z
    .looseObject({ type: text, team: text, user: text, text, ts: text, app_id: text, bot_id: text, thread_ts: text })
    .nullish(),
});

/** A channel id or `#name` as given; a user (`@name`, e-mail address) as their user id. */
async function destination(api: SlackApi, channel: string): Promise<string> {
  const target = channel.trim();
  if (target.startsWith('@')) {
    const [id] = await userIdsByName(api, [target.slice(1)]);
    return id!;
  }
  if (isEmail(target)) return userIdByEmail(api, target);
  return target;
}

/** The message fields Slack sent (null and absent ones left out). */
function messageOf(m: z.output<typeof answer>['message']): PostedMessage {
  const fields: [keyof PostedMessage, string | null | undefined][] = [
    ['type', m?.type],
    ['team', m?.team],
    ['user', m?.user],
    ['text', m?.text],
    ['ts', m?.ts],
    ['appId', m?.app_id],
    ['botId', m?.bot_id],
    ['threadTs', m?.thread_ts],
  ];
  const message: PostedMessage = {};
  for (const [key, value] of fields) if (typeof value === 'string') message[key] = value;
  return message;
}

export async function postMessage(api: SlackApi, data: SlackData<'chat.postMessage'>): Promise<PostMessageResult> {
  const args: Record<string, unknown> = {};
  if (data.messageType === MESSAGE_TYPE.blocks) {
    args.blocks = data.blockContent;
  } else {
    args.text = data.text;
    args.link_names = true; // @names and #channels in the text become mentions and links
  }
  if (data.thread?.trim()) args.thread_ts = data.thread.trim();
  args.channel = await destination(api, data.channel);

  const posted = await api.call('chat.postMessage', args, answer);
  return { ts: posted.ts, channel: posted.channel, message: messageOf(posted.message) };
}
