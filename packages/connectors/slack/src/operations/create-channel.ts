/** conversations.create: a new public or private channel. */
import { z } from 'zod';
import type { SlackApi } from '../client.js';
import type { SlackData } from '../properties.js';

/** Result of conversations.create (the stock connector's shape). */
export interface CreateChannelResult {
  channel: { id: string; name: string };
}

const answer = z.looseObject({ channel: z.looseObject({ id: z.string().min(1), name: z.string().min(1) }) });

export async function createChannel(api: SlackApi, data: SlackData<'conversations.create'>): Promise<CreateChannelResult> {
  const created = await api.call('conversations.create', { name: data.newChannelName, is_private: data.visibility === 'PRIVATE' }, answer);
  return { channel: { id: created.channel.id, name: created.channel.name } };
}
