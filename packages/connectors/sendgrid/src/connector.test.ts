import type { ConnectorLogger } from '@connectorkit/sdk';
import { runOutbound } from '@connectorkit/sdk/testing';
import { describe, expect, it } from 'vitest';
import { accepted, API_KEY, contentMailVariables, mockSendGrid, SECRETS, templateMailVariables } from '../test/sendgrid-api.js';
import sendGrid, { sendGridConnector } from './index.js';

const sendgridApi = mockSendGrid();

describe('SendGrid connector: sending', () => {
  it('exports the same connector as default and by name, serving the stock job type', () => {
    expect(sendGrid).toBe(sendGridConnector);
    expect(sendGridConnector.type).toBe('io.camunda:sendgrid:1');
    expect(sendGridConnector.id).toBe('io.connectorkit.sendgrid');
  });

  it('sends a dynamic template mail with its data to the named recipient', async () => {
    const data = { firstName: 'Jane', order_id: 4711, items: [{ sku: 'A-1', qty: 2 }], address: { zip_code: '10115' } };
    const result = await runOutbound(sendGridConnector, { variables: templateMailVariables(data), secrets: SECRETS });

    expect(result).toEqual({ statusCode: 202, messageId: 'msg-7Yq2-fake' });
    expect(sendgridApi.received).toHaveLength(1);
    expect(sendgridApi.received[0]!.body).toEqual({
      from: { email: 'shop@example.com', name: 'Shop' },
      personalizations: [
        {
          to: [{ email: 'jane@example.org', name: 'Jane Doe' }],
          // Keys of the data reach SendGrid exactly as given: no camel/snake case conversion.
          dynamic_template_data: data,
        },
      ],
      template_id: 'd-5f1e2a3b4c5d6e7f8a9b0c1d2e3f4a5b',
    });
  });

  it('sends a simple mail as text/plain unless a content type is given', async () => {
    await runOutbound(sendGridConnector, { variables: contentMailVariables(), secrets: SECRETS });

    expect(sendgridApi.received[0]!.body).toEqual({
      from: { email: 'shop@example.com', name: 'Shop' },
      subject: 'Your order',
      personalizations: [{ to: [{ email: 'jane@example.org', name: 'Jane Doe' }] }],
      content: [{ type: 'text/plain', value: 'It ships today.' }],
    });
  });

  it('sends an HTML body with content type text/html', async () => {
    const html = '<p>Hello <b>Jane</b>, your order &amp; invoice are attached.</p>';
    await runOutbound(sendGridConnector, {
      variables: contentMailVariables({ subject: 'Hello "Jane"', type: 'text/html', value: html }),
      secrets: SECRETS,
    });

    const body = sendgridApi.received[0]!.body as Record<string, unknown>;
    expect(body.subject).toBe('Hello "Jane"');
    expect(body.content).toEqual([{ type: 'text/html', value: html }]);
    expect(body).not.toHaveProperty('template_id');
  });

  it('authenticates with the API key from {{secrets.SENDGRID_API_KEY}} and posts JSON', async () => {
    await runOutbound(sendGridConnector, { variables: contentMailVariables(), secrets: SECRETS });

    expect(sendgridApi.received[0]!.authorization).toBe(`Bearer ${API_KEY}`);
    expect(sendgridApi.received[0]!.contentType).toMatch(/^application\/json/);
  });

  it('keeps the API keys of concurrent jobs apart', async () => {
    const keys = ['SG.tenant-a-key-111', 'SG.tenant-b-key-222', 'SG.tenant-c-key-333'];
    await Promise.all(
      keys.map((key) =>
        runOutbound(sendGridConnector, {
          variables: contentMailVariables({ subject: key, value: 'x' }),
          secrets: { SENDGRID_API_KEY: key },
        }),
      ),
    );

    expect(sendgridApi.received).toHaveLength(3);
    for (const request of sendgridApi.received) {
      expect(request.authorization).toBe(`Bearer ${(request.body as { subject: string }).subject}`);
    }
  });

  it('accepts template data that arrives as a JSON text', async () => {
    await runOutbound(sendGridConnector, {
      variables: templateMailVariables('{"firstName":"Jane","vip":true}'),
      secrets: SECRETS,
    });

    const [personalization] = (sendgridApi.received[0]!.body as { personalizations: Record<string, unknown>[] }).personalizations;
    expect(personalization!.dynamic_template_data).toEqual({ firstName: 'Jane', vip: true });
  });

  it('logs the outcome, never the API key or the mail', async () => {
    const lines: unknown[] = [];
    const record = (...args: unknown[]) => void lines.push(args);
    const log: ConnectorLogger = { debug: record, info: record, warn: record, error: record };
    await runOutbound(sendGridConnector, { variables: contentMailVariables(), secrets: SECRETS, log });

    expect(lines).toEqual([[{ statusCode: 202, messageId: 'msg-7Yq2-fake' }, 'SendGrid accepted the mail']]);
  });

  it('answers messageId null when SendGrid sends no X-Message-Id', async () => {
    sendgridApi.answerWith(() => accepted(null));
    const result = await runOutbound(sendGridConnector, { variables: contentMailVariables(), secrets: SECRETS });

    expect(result).toEqual({ statusCode: 202, messageId: null });
  });
});
