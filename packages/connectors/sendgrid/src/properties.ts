/**
 * The inputs of the SendGrid connector. Binding names, dropdown values, groups and conditions are
 * those of Camunda's stock template (`io.camunda.connectors.SendGrid.v2`), so a task modelled with
 * it binds unchanged.
 */
import { p, type InputOf, type PropertyGroup } from '@connectorkit/sdk';
import { templateDataSchema } from './template-data.js';

/** Values of the mail type dropdown (the stock template's `unMappedFieldNotUseInModel.mailType`). */
export const MAIL_TYPE = { content: 'mail', template: 'byTemplate' } as const;
export type MailType = (typeof MAIL_TYPE)[keyof typeof MAIL_TYPE];

export const DEFAULT_CONTENT_TYPE = 'text/plain';

/** Deliberately loose (SendGrid checks the rest): one `@`, no spaces, a dot in the domain. */
export const EMAIL_PATTERN = {
  value: '^[^\\s@<>]+@[^\\s@<>]+\\.[^\\s@<>]+$',
  message: 'must be an e-mail address such as jane@example.com',
};

export const groups: readonly PropertyGroup[] = [
  { id: 'authentication', label: 'Authentication' },
  { id: 'sender', label: 'Sender' },
  { id: 'receiver', label: 'Receiver' },
  { id: 'content', label: 'Compose email' },
];

const given = (v: unknown) => v !== undefined && v !== null;

/**
 * The mail type of a task whose model lacks the dropdown (older stock templates): a template id or
 * data means a template mail, a content field a simple mail, as Camunda's connector decides.
 */
function inferMailType(raw: unknown): MailType | undefined {
  const { template, content } = (raw ?? {}) as { template?: Record<string, unknown>; content?: Record<string, unknown> };
  if (given(template?.id) || given(template?.data)) return MAIL_TYPE.template;
  if (given(content?.subject) || given(content?.type) || given(content?.value)) return MAIL_TYPE.content;
  return undefined;
}

export const properties = {
  apiKey: p.text({
    label: 'SendGrid API key',
    description: 'Reference a secret, for example {{secrets.SENDGRID_API_KEY}}',
    placeholder: '{{secrets.SENDGRID_API_KEY}}',
    group: 'authentication',
    required: true,
    secret: true,
    feel: 'optional',
  }),
  'from.name': p.text({ label: 'Name', group: 'sender', required: true, feel: 'optional' }),
  'from.email': p.text({
    label: 'Email address',
    group: 'sender',
    required: true,
    feel: 'optional',
    constraints: { pattern: EMAIL_PATTERN },
  }),
  'to.name': p.text({ label: 'Name', group: 'receiver', required: true, feel: 'optional' }),
  'to.email': p.text({
    label: 'Email address',
    group: 'receiver',
    required: true,
    feel: 'optional',
    constraints: { pattern: EMAIL_PATTERN },
  }),
  // No default, as in the stock template: models made with its older versions do not set it, and
  // the connector then sends whichever of template or content is present.
  ...p.variants({
    discriminator: 'unMappedFieldNotUseInModel.mailType',
    label: 'Mail contents',
    group: 'content',
    choices: [
      { name: 'Simple (no dynamic template)', value: MAIL_TYPE.content },
      { name: 'Using dynamic template', value: MAIL_TYPE.template },
    ],
    infer: inferMailType,
    absentRule: `is required when neither template nor content is set: choose "${MAIL_TYPE.content}" or "${MAIL_TYPE.template}"`,
    fields: {
      'template.id': {
        in: [MAIL_TYPE.template],
        property: p.text({
          label: 'Template ID',
          description: 'Id of a SendGrid dynamic template (starts with d-)',
          placeholder: 'd-0123456789abcdef0123456789abcdef',
          group: 'content',
          required: true,
          feel: 'optional',
        }),
      },
      'template.data': {
        in: [MAIL_TYPE.template],
        property: p.json({
          label: 'Template data',
          description: 'FEEL context with the values the template uses, for example {firstName: customer.name}',
          group: 'content',
          required: true,
          feel: 'required',
          schema: templateDataSchema,
        }),
      },
      'content.subject': {
        in: [MAIL_TYPE.content],
        property: p.text({ label: 'Subject', group: 'content', required: true, feel: 'optional' }),
      },
      'content.type': {
        in: [MAIL_TYPE.content],
        property: p.text({
          label: 'Content type',
          description: 'MIME type of the body: text/plain or text/html',
          group: 'content',
          required: true,
          feel: 'optional',
          default: DEFAULT_CONTENT_TYPE,
        }),
      },
      'content.value': {
        in: [MAIL_TYPE.content],
        property: p.textarea({ label: 'Body', group: 'content', required: true, feel: 'optional' }),
      },
    },
  }),
};

/** The input `execute` receives, inferred from the properties. */
export type SendGridInput = InputOf<typeof properties>;
