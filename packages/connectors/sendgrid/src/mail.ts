/**
 * Turns the bound input into the mail @sendgrid/mail sends: one recipient, and either a dynamic
 * template with its data or a subject and a body.
 */
import { ConnectorInputError, type FieldIssue } from '@connectorkit/sdk';
import type { MailDataRequired } from '@sendgrid/mail';
import { DEFAULT_CONTENT_TYPE, MAIL_TYPE, type MailType, type SendGridInput } from './properties.js';

const MAIL_TYPE_FIELD = 'unMappedFieldNotUseInModel.mailType';

/**
 * The mail type the task chose. Older stock templates do not write the dropdown: then a template id
 * or data means a template mail and a content field means a simple mail, as Camunda's connector does.
 */
export function resolveMailType(input: SendGridInput): MailType {
  const chosen = input.unMappedFieldNotUseInModel?.mailType;
  if (chosen !== undefined) return chosen;
  if (input.template?.id !== undefined || input.template?.data !== undefined) return MAIL_TYPE.template;
  if (input.content !== undefined) return MAIL_TYPE.content;
  throw ConnectorInputError.fromIssues([
    {
      field: MAIL_TYPE_FIELD,
      rule: `is required when neither template nor content is set: choose "${MAIL_TYPE.content}" or "${MAIL_TYPE.template}"`,
    },
  ]);
}

const missing = (field: string): FieldIssue => ({ field, rule: 'is required' });

/**
 * The mail to send. Validation checks the fields of a mail type only when the dropdown is set, so
 * this throws a {@link ConnectorInputError} naming the fields an inferred mail type lacks.
 */
export function composeMail(input: SendGridInput): MailDataRequired {
  const envelope = {
    from: { name: input.from.name, email: input.from.email },
    to: { name: input.to.name, email: input.to.email },
    // Else the library prints a console warning for quotes in template data.
    hideWarnings: true,
  };

  if (resolveMailType(input) === MAIL_TYPE.template) {
    const { id, data } = input.template ?? {};
    if (!id || data === undefined) {
      throw ConnectorInputError.fromIssues([
        ...(id ? [] : [missing('template.id')]),
        ...(data === undefined ? [missing('template.data')] : []),
      ]);
    }
    return { ...envelope, templateId: id, dynamicTemplateData: data };
  }

  const { subject, type, value } = input.content ?? {};
  if (!subject || !value) {
    throw ConnectorInputError.fromIssues([
      ...(subject ? [] : [missing('content.subject')]),
      ...(value ? [] : [missing('content.value')]),
    ]);
  }
  return { ...envelope, subject, content: [{ type: type || DEFAULT_CONTENT_TYPE, value }] };
}
