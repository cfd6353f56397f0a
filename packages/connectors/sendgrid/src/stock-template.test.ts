/**
 * Drop-in compatibility with Camunda's stock SendGrid templates (`io.camunda.connectors.SendGrid.v2`
 * up to version 6, and the deprecated v1 templates): the variables their input mappings produce bind
 * and send unchanged.
 */
import { generateTemplates } from '@connectorkit/sdk';
import { runOutbound } from '@connectorkit/sdk/testing';
import { describe, expect, it } from 'vitest';
import { mockSendGrid, SECRETS } from '../test/sendgrid-api.js';
import { sendGridConnector } from './index.js';

const sendgridApi = mockSendGrid();

/** Task headers the stock template (version 6) writes. */
const stockHeaders = {
  elementTemplateId: 'io.camunda.connectors.SendGrid.v2',
  elementTemplateVersion: '6',
  resultVariable: 'mailResult',
  retryBackoff: 'PT30S',
  errorExpression: '=if error.code = "400" then bpmnError("MAIL_REJECTED", error.message) else null',
};

const envelope = {
  apiKey: '{{secrets.SENDGRID_API_KEY}}',
  from: { name: 'ACME Billing', email: 'billing@acme.example' },
  to: { name: 'Jane Doe', email: 'jane.doe@example.org' },
};

describe('SendGrid connector: Camunda stock templates', () => {
  it('sends the template mail a full stock template (v6) configuration produces', async () => {
    // Every input mapping of the template, as the engine evaluates them, plus an unrelated process variable.
    const variables = {
      ...envelope,
      unMappedFieldNotUseInModel: { mailType: 'byTemplate' },
      template: { id: 'd-0123456789abcdef0123456789abcdef', data: { invoice: { number: 'INV-17', total: 99.5 }, paid: false } },
      attachments_documentMode: 'none',
      attachments: null,
      orderId: 'order-123',
    };
    const result = await runOutbound(sendGridConnector, { variables, headers: stockHeaders, secrets: SECRETS });

    expect(result).toEqual({ statusCode: 202, messageId: 'msg-7Yq2-fake' });
    expect(sendgridApi.received[0]!.body).toEqual({
      from: { email: 'billing@acme.example', name: 'ACME Billing' },
      personalizations: [
        {
          to: [{ email: 'jane.doe@example.org', name: 'Jane Doe' }],
          dynamic_template_data: { invoice: { number: 'INV-17', total: 99.5 }, paid: false },
        },
      ],
      template_id: 'd-0123456789abcdef0123456789abcdef',
    });
  });

  it('sends a stock simple mail and ignores the attachment inputs it does not support yet', async () => {
    const variables = {
      ...envelope,
      unMappedFieldNotUseInModel: { mailType: 'mail' },
      content: { subject: 'Invoice INV-17', type: 'text/plain', value: 'Please find your invoice attached.' },
      attachments_documentMode: 'single',
      attachments_single_documentSource: 'inline',
      attachments_single_inline_content: 'PDF bytes',
      attachments_single_inline_fileName: 'invoice.pdf',
      attachments_single_inline_contentType: 'application/pdf',
      attachments: [{ 'camunda.document.type': 'inline', content: 'PDF bytes', name: 'invoice.pdf', contentType: 'application/pdf' }],
    };
    await runOutbound(sendGridConnector, { variables, headers: stockHeaders, secrets: SECRETS });

    expect(sendgridApi.received[0]!.body).toEqual({
      from: { email: 'billing@acme.example', name: 'ACME Billing' },
      subject: 'Invoice INV-17',
      personalizations: [{ to: [{ email: 'jane.doe@example.org', name: 'Jane Doe' }] }],
      content: [{ type: 'text/plain', value: 'Please find your invoice attached.' }],
    });
  });

  it('sends a template mail from the deprecated v1 template, which has no mail type dropdown', async () => {
    const variables = { ...envelope, template: { id: 'd-0123456789abcdef0123456789abcdef', data: { name: 'Jane' } } };
    await runOutbound(sendGridConnector, { variables, secrets: SECRETS });

    const body = sendgridApi.received[0]!.body as Record<string, unknown>;
    expect(body.template_id).toBe('d-0123456789abcdef0123456789abcdef');
    expect(body.personalizations).toEqual([
      { to: [{ email: 'jane.doe@example.org', name: 'Jane Doe' }], dynamic_template_data: { name: 'Jane' } },
    ]);
  });

  it('sends a simple mail from the deprecated v1 content template, which has no mail type dropdown', async () => {
    const variables = { ...envelope, content: { subject: 'Hi', type: 'text/html', value: '<p>Hi</p>' } };
    await runOutbound(sendGridConnector, { variables, secrets: SECRETS });

    const body = sendgridApi.received[0]!.body as Record<string, unknown>;
    expect(body.subject).toBe('Hi');
    expect(body.content).toEqual([{ type: 'text/html', value: '<p>Hi</p>' }]);
  });

  it('declares the stock input bindings, dropdown values and conditions', () => {
    const [template] = generateTemplates(sendGridConnector);
    const inputs = template!.properties.filter((p) => p.binding.type === 'zeebe:input');
    const byName = new Map(inputs.map((p) => [(p.binding as { name: string }).name, p]));

    expect([...byName.keys()]).toEqual([
      'apiKey',
      'from.name',
      'from.email',
      'to.name',
      'to.email',
      'unMappedFieldNotUseInModel.mailType',
      'template.id',
      'template.data',
      'content.subject',
      'content.type',
      'content.value',
    ]);
    expect(byName.get('unMappedFieldNotUseInModel.mailType')!.choices!.map((c) => c.value)).toEqual(['mail', 'byTemplate']);
    for (const name of ['template.id', 'template.data']) {
      expect(byName.get(name)!.condition).toEqual({ property: 'unMappedFieldNotUseInModel.mailType', equals: 'byTemplate' });
    }
    for (const name of ['content.subject', 'content.type', 'content.value']) {
      expect(byName.get(name)!.condition).toEqual({ property: 'unMappedFieldNotUseInModel.mailType', equals: 'mail' });
    }
    expect(byName.get('content.type')!.value).toBe('text/plain');
    expect(byName.get('template.data')!.feel).toBe('required');
    expect(byName.get('apiKey')!.secret).toBe(true);
    expect(template!.properties.find((p) => p.binding.type === 'zeebe:taskDefinition')!.value).toBe('io.camunda:sendgrid:1');
  });
});
