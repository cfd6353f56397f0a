import { ConnectorError, ConnectorInputError } from '@connectorkit/sdk';
import { runOutbound } from '@connectorkit/sdk/testing';
import { describe, expect, it } from 'vitest';
import { fail, ok, TOKEN, useSlackApi } from '../../test/slack-api.js';
import { slackConnector } from '../index.js';

const slack = useSlackApi();

const created = (id: string, name: string, isPrivate: boolean) =>
  ok({ channel: { id, name, is_channel: true, is_private: isPrivate, created: 1700000000, creator: 'UBOT' } });

function create(data: Record<string, unknown>) {
  return runOutbound(slackConnector, { variables: { method: 'conversations.create', token: TOKEN, data } });
}

describe('conversations.create', () => {
  it('creates a public channel by default and returns its id and name', async () => {
    slack.answer('conversations.create', created('C0NEW', 'project-42', false));

    const result = await create({ newChannelName: 'project-42' });

    expect(slack.requests).toHaveLength(1);
    expect(slack.requests[0]).toMatchObject({ method: 'conversations.create', authorization: `Bearer ${TOKEN}` });
    expect(slack.requests[0]!.form).toMatchObject({ name: 'project-42', is_private: 'false' });
    expect(result).toEqual({ channel: { id: 'C0NEW', name: 'project-42' } });
  });

  it('creates a private channel', async () => {
    slack.answer('conversations.create', created('G0NEW', 'secret-plans', true));

    const result = await create({ newChannelName: 'secret-plans', visibility: 'PRIVATE' });

    expect(slack.requests[0]!.form).toMatchObject({ name: 'secret-plans', is_private: 'true' });
    expect(result).toEqual({ channel: { id: 'G0NEW', name: 'secret-plans' } });
  });

  it("passes Slack's name_taken on as the error code", async () => {
    slack.answer('conversations.create', fail('name_taken'));

    const error = await create({ newChannelName: 'general' }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ConnectorError);
    expect(error).toMatchObject({ code: 'name_taken' });
  });

  it('rejects a name Slack cannot take, or none, naming data.newChannelName, without calling Slack', async () => {
    for (const data of [{ newChannelName: 'Project 42' }, {}]) {
      const error = await create(data).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConnectorInputError);
      expect((error as ConnectorInputError).issues.map((i) => i.field)).toEqual(['data.newChannelName']);
    }
    expect(slack.requests).toHaveLength(0);
  });

  it('rejects a visibility other than PUBLIC or PRIVATE', async () => {
    const error = await create({ newChannelName: 'x', visibility: 'SECRET' }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ConnectorInputError);
    expect((error as ConnectorInputError).issues.map((i) => i.field)).toEqual(['data.visibility']);
  });

  it('runs the variables a full stock-template configuration produces', async () => {
    slack.answer('conversations.create', created('G0REL', 'release-2024', true));

    const result = await runOutbound(slackConnector, {
      variables: {
        method: 'conversations.create',
        token: '{{secrets.SLACK_TOKEN}}',
        data: { newChannelName: 'release-2024', visibility: 'PRIVATE' },
      },
      secrets: { SLACK_TOKEN: TOKEN },
      headers: { elementTemplateId: 'io.camunda.connectors.Slack.v1', elementTemplateVersion: '13', retryBackoff: 'PT30S' },
    });

    expect(slack.requests[0]!.authorization).toBe(`Bearer ${TOKEN}`);
    expect(slack.requests[0]!.form).toMatchObject({ name: 'release-2024', is_private: 'true' });
    expect(result).toEqual({ channel: { id: 'G0REL', name: 'release-2024' } });
  });
});
