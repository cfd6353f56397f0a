/**
 * Finding Slack ids for what a modeller writes: a user by e-mail (users.lookupByEmail) or by
 * `@name` (users.list, page by page), a channel by name (conversations.list, page by page).
 * Not found is a ConnectorError with the code Slack itself uses for it (`users_not_found`,
 * `channel_not_found`), so one error expression handles both kinds of miss.
 */
import { ConnectorError } from '@connectorkit/sdk';
import { z } from 'zod';
import type { SlackApi } from './client.js';

/** Page size of users.list and conversations.list (Slack recommends at most 200). */
export const PAGE_SIZE = 200;

/** Deliberately loose: one `@` not at the start, no spaces, a dot in the domain. */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export const isEmail = (s: string): boolean => EMAIL.test(s);

const cursorOf = z
  .looseObject({ next_cursor: z.string().nullish() })
  .nullish()
  .transform((m) => m?.next_cursor || undefined);

const userLookupAnswer = z.looseObject({ user: z.looseObject({ id: z.string().min(1) }) });

const member = z.looseObject({
  id: z.string().min(1),
  name: z.string().nullish(),
  real_name: z.string().nullish(),
  deleted: z.boolean().nullish(),
  profile: z.looseObject({ display_name: z.string().nullish(), real_name: z.string().nullish() }).nullish(),
});
const usersPage = z.looseObject({ members: z.array(member), response_metadata: cursorOf });

const conversation = z.looseObject({ id: z.string().min(1), name: z.string().nullish() });
const channelsPage = z.looseObject({ channels: z.array(conversation), response_metadata: cursorOf });

/** Walks a cursor-paged method until `done` says so or Slack has no further page. */
async function eachPage<P extends { response_metadata: string | undefined }>(
  api: SlackApi,
  method: string,
  args: Record<string, unknown>,
  page: z.ZodType<P>,
  visit: (p: P) => boolean,
): Promise<void> {
  const seen = new Set<string>();
  let cursor: string | undefined;
  do {
    const answer = await api.call(method, { ...args, limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) }, page);
    if (visit(answer)) return;
    cursor = answer.response_metadata;
    if (cursor !== undefined && seen.has(cursor)) return; // a cursor Slack already gave: stop, do not loop
    if (cursor !== undefined) seen.add(cursor);
  } while (cursor !== undefined);
}

/** The id of the user with this e-mail address; Slack's `users_not_found` when there is none. */
export async function userIdByEmail(api: SlackApi, email: string): Promise<string> {
  const answer = await api.call('users.lookupByEmail', { email }, userLookupAnswer);
  return answer.user.id;
}

const normalise = (s: string) => s.trim().toLowerCase();

/** The names a user can be called by: handle, full name and display name (empty ones left out). */
function namesOf(user: z.output<typeof member>): string[] {
  return [user.name, user.real_name, user.profile?.real_name, user.profile?.display_name]
    .filter((n): n is string => typeof n === 'string' && n.trim() !== '')
    .map(normalise);
}

/**
 * Ids of users by name (without the `@`), in the order asked. A name matches a user's handle, full
 * name or display name, ignoring case; deactivated users are skipped; the first match in Slack's
 * order wins. Pages through users.list only until every name is found.
 */
export async function userIdsByName(api: SlackApi, names: readonly string[]): Promise<string[]> {
  const wanted = new Map<string, string | undefined>(names.map((n) => [normalise(n), undefined]));
  if (wanted.size === 0) return [];
  const missing = () => [...wanted].filter(([, id]) => id === undefined).map(([n]) => n);
  await eachPage(api, 'users.list', {}, usersPage, (page) => {
    for (const user of page.members) {
      if (user.deleted) continue;
      for (const n of namesOf(user)) {
        if (wanted.has(n) && wanted.get(n) === undefined) wanted.set(n, user.id);
      }
    }
    return missing().length === 0;
  });
  const notFound = names.filter((n) => wanted.get(normalise(n)) === undefined);
  if (notFound.length > 0) {
    const list = notFound.map((n) => `@${n}`).join(', ');
    throw new ConnectorError('users_not_found', `No active Slack user named ${list}`, {
      variables: { method: 'users.list', users: notFound.map((n) => `@${n}`) },
    });
  }
  return names.map((n) => wanted.get(normalise(n))!);
}

/**
 * The id of a channel by name (a leading `#` is ignored): public channels and the private channels
 * the token's app or user belongs to, archived ones left out. Pages through conversations.list until found.
 */
export async function channelIdByName(api: SlackApi, channelName: string): Promise<string> {
  const name = channelName.trim().replace(/^#/, '');
  let id: string | undefined;
  await eachPage(
    api,
    'conversations.list',
    { types: 'public_channel,private_channel', exclude_archived: true },
    channelsPage,
    (page) => {
      id = page.channels.find((c) => c.name === name)?.id;
      return id !== undefined;
    },
  );
  if (id === undefined) {
    throw new ConnectorError(
      'channel_not_found',
      `No channel named #${name} (the token sees public channels and the private channels it is a member of)`,
      { variables: { method: 'conversations.list', channel: `#${name}` } },
    );
  }
  return id;
}

/** Resolves user references, in order: an e-mail address, an `@name`, or (anything else) a user id. */
export async function userIds(api: SlackApi, refs: readonly string[]): Promise<string[]> {
  const names = refs.filter((r) => r.startsWith('@')).map((r) => r.slice(1));
  const byName = await userIdsByName(api, names);
  const nameIds = new Map(names.map((n, i) => [n, byName[i]!]));
  const ids: string[] = [];
  for (const ref of refs) {
    if (ref.startsWith('@')) ids.push(nameIds.get(ref.slice(1))!);
    else if (isEmail(ref)) ids.push(await userIdByEmail(api, ref));
    else ids.push(ref);
  }
  return ids;
}
