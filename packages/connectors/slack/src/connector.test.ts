import { ConnectorInputError, generateTemplates, type TemplateProperty } from '@connectorkit/sdk';
import { runOutbound } from '@connectorkit/sdk/testing';
import { describe, expect, it } from 'vitest';
import { TOKEN, useSlackApi } from '../test/slack-api.js';
import defaultExport, { slackConnector } from './index.js';

const slack = useSlackApi();

const inputBinding = (p: TemplateProperty) => (p.binding.type === 'zeebe:input' && 'name' in p.binding ? p.binding.name : undefined);

describe('Slack connector', () => {
  it('is the default and the named export, serving the stock job type under our template id', () => {
    expect(defaultExport).toBe(slackConnector);
    expect(slackConnector).toMatchObject({ id: 'io.connectorkit.slack', type: 'io.camunda:slack:1', direction: 'outbound' });
  });

  it.each([
    ['reactions.add', { channel: 'C1', emoji: 'eyes', timestamp: '1700000000.000100' }],
    ['pins.add', { channel: 'C1', timestamp: '1700000000.000100' }],
    ['pins.remove', { channel: 'C1', timestamp: '1700000000.000100' }],
  ])('answers the stock operation %s, not supported yet, with an input error naming it', async (method, data) => {
    const error = await runOutbound(slackConnector, { variables: { method, token: TOKEN, data } }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ConnectorInputError);
    expect(error).toMatchObject({ code: 'UNSUPPORTED_METHOD' });
    expect((error as Error).message).toContain(`'${method}'`);
    expect((error as Error).message).not.toContain(TOKEN);
    expect(slack.requests).toHaveLength(0);
  });

  it('rejects a method that is no Slack operation of the stock template, naming the field', async () => {
    const error = await runOutbound(slackConnector, { variables: { method: 'chat.delete', token: TOKEN, data: {} } }).catch(
      (e: unknown) => e,
    );

    expect(error).toBeInstanceOf(ConnectorInputError);
    expect((error as ConnectorInputError).issues.map((i) => i.field)).toEqual(['method']);
  });

  it('rejects a missing token, naming the field', async () => {
    const error = await runOutbound(slackConnector, { variables: { method: 'chat.postMessage', data: { channel: 'C1', text: 'x' } } }).catch(
      (e: unknown) => e,
    );

    expect(error).toBeInstanceOf(ConnectorInputError);
    expect((error as ConnectorInputError).issues).toContainEqual({ field: 'token', rule: 'is required' });
  });

  it("ignores stock inputs it does not use (documents, slackCredential, other operations' fields)", async () => {
    slack.answer('conversations.create', new Response(JSON.stringify({ ok: true, channel: { id: 'C9', name: 'x' } })));

    const result = await runOutbound(slackConnector, {
      variables: {
        method: 'conversations.create',
        token: TOKEN,
        slackCredential: null,
        data: { newChannelName: 'x', visibility: 'PUBLIC', documents: null, data_documents_documentMode: 'none', emoji: 'eyes' },
      },
    });

    expect(result).toEqual({ channel: { id: 'C9', name: 'x' } });
  });

  it('generates a template that offers the supported operations with the stock binding names and values', () => {
    const [template] = generateTemplates(slackConnector);
    const byBinding = new Map(template!.properties.map((p) => [inputBinding(p), p]));

    expect(byBinding.get('method')!.choices!.map((c) => c.value)).toEqual(['chat.postMessage', 'conversations.create', 'conversations.invite']);
    expect(byBinding.get('method')!.value).toBe('chat.postMessage');
    expect(byBinding.get('token')).toMatchObject({ secret: true, constraints: { notEmpty: true } });
    expect(byBinding.get('data.messageType')!.choices!.map((c) => c.value)).toEqual(['plainText', 'messageBlock']);
    expect(byBinding.get('data.visibility')!.choices!.map((c) => c.value)).toEqual(['PUBLIC', 'PRIVATE']);
    expect(byBinding.get('data.channelType')!.choices!.map((c) => c.value)).toEqual(['channelId', 'channelName']);
    for (const name of ['data.channel', 'data.thread', 'data.text', 'data.blockContent', 'data.newChannelName', 'data.channelId', 'data.channelName', 'data.users']) {
      expect(byBinding.has(name), name).toBe(true);
    }
  });
});
