import { defineOutbound } from '@connectorkit/sdk';
import { icon } from './icon.js';
import { composeMail } from './mail.js';
import { groups, properties } from './properties.js';
import { sendMail } from './send.js';

/** Sends one e-mail through SendGrid: a dynamic template with data, or a subject and a body. */
export const sendGridConnector = defineOutbound({
  id: 'io.connectorkit.sendgrid',
  name: 'SendGrid',
  version: 2,
  type: 'io.camunda:sendgrid:1',
  description: 'Send an e-mail through SendGrid, from a dynamic template or with a subject and body',
  icon,
  documentationRef: 'https://www.twilio.com/docs/sendgrid/api-reference/mail-send/mail-send',
  keywords: ['send email', 'email notification', 'transactional email', 'dynamic template', 'sendgrid'],
  groups,
  properties,
  async execute(ctx) {
    const mail = composeMail(ctx.input);
    const result = await sendMail(mail, { apiKey: ctx.input.apiKey, signal: ctx.signal });
    ctx.log.info({ statusCode: result.statusCode, messageId: result.messageId }, 'SendGrid accepted the mail');
    return result;
  },
});
