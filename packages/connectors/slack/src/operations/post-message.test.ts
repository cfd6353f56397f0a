import { ConnectorError, ConnectorInputError } from '@connectorkit/sdk';
import { runOutbound } from '@connectorkit/sdk/testing';
import { describe, expect, it } from 'vitest';
import { fail, ok, TOKEN, useSlackApi } from '../../test/slack-api.js';
import { slackConnector } from '../index.js';

const slack = useSlackApi();

const posted = (channel: string, extra: Record<string, string> = {}) =>
  ok({
    channel,
    ts: '1700000000.000100',
    message: { type: 'message', team: 'T1', user: 'UBOT', text: 'Hello', ts: '1700000000.000100', app_id: 'A1', bot_id: 'B1', ...extra },
  });

function post(data: Record<string, unknown>, token: string = TOKEN) {
  return runOutbound(slackConnector, { variables: { method: 'chat.postMessage', token, data } });
}

describe('chat.postMessage', () => {
  it('posts plain text to a channel id with the bearer token and returns ts, channel and message', async () => {
    slack.answer('chat.postMessage', posted('C024BE91L'));

    const result = await post({ channel: 'C024BE91L', text: 'Hello *world*' });

    expect(slack.requests).toHaveLength(1);
    const [request] = slack.requests;
    expect(request!.method).toBe('chat.postMessage');
    expect(request!.authorization).toBe(`Bearer ${TOKEN}`);
    expect(request!.contentType).toMatch(/application\/x-www-form-urlencoded/);
    expect(request!.form).toMatchObject({ channel: 'C024BE91L', text: 'Hello *world*', link_names: 'true' });
    expect(request!.form).not.toHaveProperty('blocks');
    expect(request!.form).not.toHaveProperty('thread_ts');
    expect(result).toEqual({
      ts: '1700000000.000100',
      channel: 'C024BE91L',
      message: { type: 'message', team: 'T1', user: 'UBOT', text: 'Hello', ts: '1700000000.000100', appId: 'A1', botId: 'B1' },
    });
  });

  it('uses the token a {{secrets.SLACK_TOKEN}} reference resolves to, without a trailing newline', async () => {
    slack.answer('chat.postMessage', posted('C1'));

    await runOutbound(slackConnector, {
      variables: { method: 'chat.postMessage', token: '{{secrets.SLACK_TOKEN}}', data: { channel: 'C1', text: 'hi' } },
      secrets: { SLACK_TOKEN: `${TOKEN}\n` },
    });

    expect(slack.requests[0]!.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it('passes #channel-name to Slack as given (Slack resolves names itself)', async () => {
    slack.answer('chat.postMessage', posted('C0GENERAL'));

    const result = await post({ channel: '#general', text: 'hi' });

    expect(slack.requests.map((r) => r.method)).toEqual(['chat.postMessage']);
    expect(slack.requests[0]!.form.channel).toBe('#general');
    expect(result).toMatchObject({ channel: 'C0GENERAL' });
  });

  it('sends to a user given by e-mail address, looked up with users.lookupByEmail', async () => {
    slack.answer('users.lookupByEmail', ok({ user: { id: 'U0JANE', name: 'jane' } }));
    slack.answer('chat.postMessage', posted('D0JANE'));

    const result = await post({ channel: 'jane.doe@example.com', text: 'hi' });

    expect(slack.requests.map((r) => r.method)).toEqual(['users.lookupByEmail', 'chat.postMessage']);
    expect(slack.calls('users.lookupByEmail')[0]!.form.email).toBe('jane.doe@example.com');
    expect(slack.calls('users.lookupByEmail')[0]!.authorization).toBe(`Bearer ${TOKEN}`);
    expect(slack.calls('chat.postMessage')[0]!.form.channel).toBe('U0JANE');
    expect(result).toMatchObject({ channel: 'D0JANE' });
  });

  it("answers an unknown e-mail address with Slack's users_not_found and posts nothing", async () => {
    slack.answer('users.lookupByEmail', fail('users_not_found'));

    const error = await post({ channel: 'nobody@example.com', text: 'hi' }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ConnectorError);
    expect(error).toMatchObject({ code: 'users_not_found' });
    expect(slack.calls('chat.postMessage')).toHaveLength(0);
  });

  it('sends to a user given by @name, paging through users.list until found', async () => {
    slack.answer(
      'users.list',
      ok({
        members: [{ id: 'U01', name: 'bob', real_name: 'Bob Builder', profile: { display_name: 'bob' } }],
        response_metadata: { next_cursor: 'page-2' },
      }),
      ok({
        members: [
          { id: 'U02', name: 'old.jane', real_name: 'Jane Doe', deleted: true },
          { id: 'U03', name: 'jane.doe', real_name: 'Jane Doe', profile: { display_name: 'Jane' } },
        ],
        response_metadata: { next_cursor: 'page-3' },
      }),
    );
    slack.answer('chat.postMessage', posted('D03'));

    await post({ channel: '@Jane Doe', text: 'hi' });

    const pages = slack.calls('users.list');
    expect(pages).toHaveLength(2); // stops once found: page 3 is never asked for
    expect(pages[0]!.form).not.toHaveProperty('cursor');
    expect(pages[1]!.form.cursor).toBe('page-2');
    expect(pages[1]!.form.limit).toBe('200');
    expect(slack.calls('chat.postMessage')[0]!.form.channel).toBe('U03');
  });

  it('answers an @name nobody has, after the last page, with users_not_found', async () => {
    slack.answer(
      'users.list',
      ok({ members: [{ id: 'U01', name: 'bob' }], response_metadata: { next_cursor: 'c2' } }),
      ok({ members: [{ id: 'U02', name: 'carol' }], response_metadata: { next_cursor: '' } }),
    );

    const error = await post({ channel: '@dave', text: 'hi' }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ConnectorError);
    expect(error).toMatchObject({ code: 'users_not_found', message: expect.stringContaining('@dave') });
    expect(slack.calls('users.list')).toHaveLength(2);
  });

  it('posts Block Kit blocks from a FEEL list as Slack blocks JSON', async () => {
    const blocks = [
      { type: 'header', text: { type: 'plain_text', text: 'New order' } },
      { type: 'section', text: { type: 'mrkdwn', text: '*Total:* 42' } },
    ];
    slack.answer('chat.postMessage', posted('C1'));

    await post({ channel: 'C1', messageType: 'messageBlock', blockContent: blocks });

    const form = slack.requests[0]!.form;
    expect(JSON.parse(form.blocks!)).toEqual(blocks);
    expect(form).not.toHaveProperty('text');
  });

  it('accepts blocks as JSON text or as a Block Kit Builder payload', async () => {
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: 'hi' } }];
    slack.answer('chat.postMessage', posted('C1'));

    await post({ channel: 'C1', messageType: 'messageBlock', blockContent: JSON.stringify(blocks) });
    await post({ channel: 'C1', messageType: 'messageBlock', blockContent: { blocks } });

    const [first, second] = slack.calls('chat.postMessage');
    expect(JSON.parse(first!.form.blocks!)).toEqual(blocks);
    expect(JSON.parse(second!.form.blocks!)).toEqual(blocks);
  });

  it('rejects blocks that are not a list of blocks, naming the field, without calling Slack', async () => {
    for (const blockContent of [42, { type: 'section' }, [{ text: 'no type' }], [], 'not json']) {
      const error = await post({ channel: 'C1', messageType: 'messageBlock', blockContent }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConnectorInputError);
      expect((error as ConnectorInputError).issues.map((i) => i.field)[0]).toMatch(/^data\.blockContent/);
    }
    expect(slack.requests).toHaveLength(0);
  });

  it('replies in a thread', async () => {
    slack.answer('chat.postMessage', posted('C1', { thread_ts: '1699999999.000001' }));

    const result = await post({ channel: 'C1', text: 'reply', thread: '1699999999.000001' });

    expect(slack.requests[0]!.form.thread_ts).toBe('1699999999.000001');
    expect(result).toMatchObject({ message: { threadTs: '1699999999.000001' } });
  });

  it('rejects a missing channel with an input error naming data.channel, without calling Slack', async () => {
    const error = await post({ text: 'hi' }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ConnectorInputError);
    expect((error as ConnectorInputError).issues).toContainEqual({ field: 'data.channel', rule: 'is required' });
    expect((error as Error).message).toContain('data.channel');
    expect(slack.requests).toHaveLength(0);
  });

  it('rejects a plain-text message without text, naming data.text', async () => {
    const error = await post({ channel: 'C1', messageType: 'plainText' }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ConnectorInputError);
    expect((error as ConnectorInputError).issues).toContainEqual({ field: 'data.text', rule: 'is required' });
  });

  it('rejects a blank channel and blank text as missing, naming both, without calling Slack', async () => {
    const error = await post({ channel: '   ', text: ' \n ' }).catch((e: unknown) => e);

    expect((error as ConnectorInputError).issues).toEqual([
      { field: 'data.channel', rule: 'is required' },
      { field: 'data.text', rule: 'is required' },
    ]);
    expect(slack.requests).toHaveLength(0);
  });

  it('rejects a block message without blocks, naming data.blockContent', async () => {
    const error = await post({ channel: 'C1', messageType: 'messageBlock' }).catch((e: unknown) => e);

    expect((error as ConnectorInputError).issues).toEqual([{ field: 'data.blockContent', rule: 'is required' }]);
  });

  it('runs the variables a full stock-template configuration produces (plain text, no documents)', async () => {
    slack.answer('chat.postMessage', posted('C0OPS'));

    // What Camunda's stock template (io.camunda.connectors.Slack.v1, version 13) maps into the job.
    const result = await runOutbound(slackConnector, {
      variables: {
        method: 'chat.postMessage',
        token: '{{secrets.SLACK_TOKEN}}',
        data: {
          messageType: 'plainText',
          text: 'Order 42 shipped',
          data_documents_documentMode: 'none',
          documents: null,
          channel: '#ops',
          thread: '1699999999.000001',
        },
      },
      secrets: { SLACK_TOKEN: TOKEN },
      headers: { elementTemplateId: 'io.camunda.connectors.Slack.v1', elementTemplateVersion: '13', retryBackoff: 'PT30S' },
    });

    expect(slack.requests[0]!.form).toMatchObject({ channel: '#ops', text: 'Order 42 shipped', thread_ts: '1699999999.000001' });
    expect(result).toMatchObject({ ts: '1700000000.000100', channel: 'C0OPS' });
  });

  it('runs the variables a full stock-template configuration produces (message block, single document)', async () => {
    slack.answer('chat.postMessage', posted('C0OPS'));
    const blocks = [
      { type: 'header', text: { type: 'plain_text', text: 'New request' } },
      { type: 'section', fields: [{ type: 'mrkdwn', text: '*Type:*\nPaid Time Off' }] },
    ];

    await runOutbound(slackConnector, {
      variables: {
        method: 'chat.postMessage',
        token: TOKEN,
        data: {
          messageType: 'messageBlock',
          blockContent: blocks,
          data_documents_documentMode: 'single',
          data_documents_single_documentSource: 'camunda',
          data_documents_single_camundaReference: { 'camunda.document.type': 'camunda', documentId: 'd-1', storeId: 'in-memory' },
          documents: [{ 'camunda.document.type': 'camunda', documentId: 'd-1', storeId: 'in-memory' }],
          channel: 'C0OPS',
        },
      },
    });

    expect(JSON.parse(slack.requests[0]!.form.blocks!)).toEqual(blocks);
  });

  it('runs a model made with the first stock template versions (no message type: text only)', async () => {
    slack.answer('chat.postMessage', posted('C1'));

    await post({ channel: '#general', text: 'legacy' });

    expect(slack.requests[0]!.form).toMatchObject({ channel: '#general', text: 'legacy' });
  });
});
