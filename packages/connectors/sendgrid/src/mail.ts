/**
 * Turns the bound input into the mail @sendgrid/mail sends: one recipient, and either a dynamic
 * template with its data or a subject and a body.
 */
import type { MailDataRequired } from '@sendgrid/mail';
import { DEFAULT_CONTENT_TYPE, MAIL_TYPE, type MailType, type SendGridInput } from './properties.js';

type TemplateMail = Extract<SendGridInput, { template: unknown }>;

/**
 * The mail type the task chose; for a model without the dropdown (older stock templates), the one
 * validation inferred from the fields given (see `inferMailType`).
 */
export function resolveMailType(input: SendGridInput): MailType {
  return input.unMappedFieldNotUseInModel.mailType;
}

const isTemplateMail = (input: SendGridInput): input is TemplateMail => resolveMailType(input) === MAIL_TYPE.template;

/** The mail to send. Validation required the fields of the mail type (chosen or inferred). */
export function composeMail(input: SendGridInput): MailDataRequired {
  const envelope = {
    from: { name: input.from.name, email: input.from.email },
    to: { name: input.to.name, email: input.to.email },
    // Else the library prints a console warning for quotes in template data.
    hideWarnings: true,
  };
  if (isTemplateMail(input)) {
    return { ...envelope, templateId: input.template.id, dynamicTemplateData: input.template.data };
  }
  const { subject, type, value } = input.content;
  return { ...envelope, subject, content: [{ type: type || DEFAULT_CONTENT_TYPE, value }] };
}
