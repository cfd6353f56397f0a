/** conversations.create: a new public or private channel. */
import { z } from 'zod';
import type { SlackApi } from '../client.js';
import { required, type SlackData } from './input.js';

/** Result of conversations.create (the stock connector's shape). */
export interface CreateChannelResult {
  channel: { id: string; name: string };
}

const answer = z.looseObject({ channel: z.looseObject({ id: z.string().min(1), name: z.string().min(1) }) });

export async function createChannel(api: SlackApi, data: SlackData): Promise<CreateChannelResult> {
  const name = required(data.newChannelName, 'data.newChannelName');
  const created = await api.call('conversations.create', { name, is_private: data.visibility === 'PRIVATE' }, answer);
  return { channel: { id: created.channel.id, name: created.channel.name } };
}
