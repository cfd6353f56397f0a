/**
 * conversations.invite: users (ids, `@names`, e-mail addresses) into a channel named by id or by
 * name (looked up with conversations.list).
 */
import { z } from 'zod';
import type { SlackApi } from '../client.js';
import { channelIdByName, userIds } from '../lookup.js';
import { CHANNEL_TYPE, type SlackData } from '../properties.js';

/** Result of conversations.invite: the channel (the stock connector's shape) and the ids invited. */
export interface InviteResult {
  channel: { id: string; name?: string };
  /** Ids of the invited users, in the order given. */
  users: string[];
}

const answer = z.looseObject({ channel: z.looseObject({ id: z.string().min(1), name: z.string().nullish() }) });

/** The channel id, as given or looked up by name, as `Invite by` says. */
async function channelId(api: SlackApi, data: SlackData<'conversations.invite'>): Promise<string> {
  if (data.channelType === CHANNEL_TYPE.name) return channelIdByName(api, data.channelName);
  return data.channelId.trim();
}

export async function invite(api: SlackApi, data: SlackData<'conversations.invite'>): Promise<InviteResult> {
  const channel = await channelId(api, data);
  const users = await userIds(api, data.users);
  // Slack takes the user ids as one comma-separated text.
  const invited = await api.call('conversations.invite', { channel, users: users.join(',') }, answer);
  const name = invited.channel.name ?? undefined;
  return { channel: name === undefined ? { id: invited.channel.id } : { id: invited.channel.id, name }, users };
}
