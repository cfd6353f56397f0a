import { ConnectorError, ConnectorInputError } from '@connectorkit/sdk';
import { runOutbound } from '@connectorkit/sdk/testing';
import { describe, expect, it } from 'vitest';
import { fail, ok, TOKEN, useSlackApi } from '../../test/slack-api.js';
import { slackConnector } from '../index.js';

const slack = useSlackApi();

const invited = (id: string, name: string) => ok({ channel: { id, name, is_channel: true } });

function inviteWith(data: Record<string, unknown>) {
  return runOutbound(slackConnector, { variables: { method: 'conversations.invite', token: TOKEN, data } });
}

describe('conversations.invite', () => {
  it('invites users by id, @name and e-mail into a channel by id, ids in the order given', async () => {
    slack.answer('users.list', ok({ members: [{ id: 'U0JANE', name: 'jane', real_name: 'Jane Doe' }] }));
    slack.answer('users.lookupByEmail', ok({ user: { id: 'U0JOHN' } }));
    slack.answer('conversations.invite', invited('C024BE91L', 'ops'));

    const result = await inviteWith({ channelType: 'channelId', channelId: 'C024BE91L', users: 'U0BOB, @jane ,john@example.com' });

    expect(slack.calls('users.lookupByEmail')[0]!.form.email).toBe('john@example.com');
    const [request] = slack.calls('conversations.invite');
    expect(request!.authorization).toBe(`Bearer ${TOKEN}`);
    expect(request!.form).toMatchObject({ channel: 'C024BE91L', users: 'U0BOB,U0JANE,U0JOHN' });
    expect(result).toEqual({ channel: { id: 'C024BE91L', name: 'ops' }, users: ['U0BOB', 'U0JANE', 'U0JOHN'] });
  });

  it('takes the users as a FEEL list', async () => {
    slack.answer('conversations.invite', invited('C1', 'ops'));

    await inviteWith({ channelId: 'C1', users: ['U01', 'U02'] });

    expect(slack.calls('conversations.invite')[0]!.form.users).toBe('U01,U02');
  });

  it('finds a channel by name, paging through conversations.list', async () => {
    slack.answer(
      'conversations.list',
      ok({ channels: [{ id: 'C0A', name: 'general' }], response_metadata: { next_cursor: 'next' } }),
      ok({ channels: [{ id: 'C0B', name: 'ops-alerts' }], response_metadata: { next_cursor: '' } }),
    );
    slack.answer('conversations.invite', invited('C0B', 'ops-alerts'));

    const result = await inviteWith({ channelType: 'channelName', channelName: 'ops-alerts', users: 'U01' });

    const pages = slack.calls('conversations.list');
    expect(pages).toHaveLength(2);
    expect(pages[0]!.form).toMatchObject({ types: 'public_channel,private_channel', exclude_archived: 'true', limit: '200' });
    expect(pages[1]!.form.cursor).toBe('next');
    expect(slack.calls('conversations.invite')[0]!.form.channel).toBe('C0B');
    expect(result).toMatchObject({ channel: { id: 'C0B' } });
  });

  it('answers a channel name nobody has with channel_not_found and invites nobody', async () => {
    slack.answer('conversations.list', ok({ channels: [{ id: 'C0A', name: 'general' }] }));

    const error = await inviteWith({ channelType: 'channelName', channelName: 'nope', users: 'U01' }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ConnectorError);
    expect(error).toMatchObject({ code: 'channel_not_found', message: expect.stringContaining('#nope') });
    expect(slack.calls('conversations.invite')).toHaveLength(0);
  });

  it('names every @name it cannot find', async () => {
    slack.answer('users.list', ok({ members: [{ id: 'U01', name: 'bob' }] }));

    const error = await inviteWith({ channelId: 'C1', users: '@bob,@eve,@mallory' }).catch((e: unknown) => e);

    expect(error).toMatchObject({ code: 'users_not_found', variables: { users: ['@eve', '@mallory'] } });
    expect(slack.calls('conversations.invite')).toHaveLength(0);
  });

  it("passes Slack's already_in_channel on as the error code", async () => {
    slack.answer('conversations.invite', fail('already_in_channel'));

    const error = await inviteWith({ channelId: 'C1', users: 'U01' }).catch((e: unknown) => e);

    expect(error).toMatchObject({ code: 'already_in_channel' });
  });

  it('rejects missing users or users that are not texts, naming data.users, without calling Slack', async () => {
    for (const data of [{ channelId: 'C1' }, { channelId: 'C1', users: [1, 2] }, { channelId: 'C1', users: ' , ' }]) {
      const error = await inviteWith(data).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConnectorInputError);
      expect((error as ConnectorInputError).issues[0]!.field).toMatch(/^data\.users/);
    }
    expect(slack.requests).toHaveLength(0);
  });

  it('rejects a missing channel, naming data.channelId', async () => {
    const error = await inviteWith({ channelType: 'channelId', users: 'U01' }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ConnectorInputError);
    expect((error as ConnectorInputError).issues).toContainEqual({ field: 'data.channelId', rule: 'is required' });
    expect(slack.requests).toHaveLength(0);
  });

  it('runs the variables a full stock-template configuration produces', async () => {
    slack.answer('users.lookupByEmail', ok({ user: { id: 'U0ANA' } }));
    slack.answer('conversations.invite', invited('C0REL', 'release'));

    const result = await runOutbound(slackConnector, {
      variables: {
        method: 'conversations.invite',
        token: '{{secrets.SLACK_TOKEN}}',
        data: { channelType: 'channelId', channelId: 'C0REL', users: ['ana@example.com', 'U0BEN'] },
      },
      secrets: { SLACK_TOKEN: TOKEN },
      headers: { elementTemplateId: 'io.camunda.connectors.Slack.v1', elementTemplateVersion: '13', retryBackoff: 'PT30S' },
    });

    expect(slack.calls('conversations.invite')[0]!.form).toMatchObject({ channel: 'C0REL', users: 'U0ANA,U0BEN' });
    expect(result).toEqual({ channel: { id: 'C0REL', name: 'release' }, users: ['U0ANA', 'U0BEN'] });
  });
});
