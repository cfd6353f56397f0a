import { ConnectorInputError } from '@connectorkit/sdk';
import { runOutbound } from '@connectorkit/sdk/testing';
import { describe, expect, it } from 'vitest';
import { API_KEY, contentMailVariables, mockSendGrid, SECRETS, templateMailVariables } from '../test/sendgrid-api.js';
import { sendGridConnector } from './index.js';

const sendgridApi = mockSendGrid();

/** Runs the connector and returns the input error it rejected with; checks nothing reached SendGrid. */
async function inputError(variables: Record<string, unknown>): Promise<ConnectorInputError> {
  const error: unknown = await runOutbound(sendGridConnector, { variables, secrets: SECRETS }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConnectorInputError);
  expect(sendgridApi.received).toEqual([]);
  return error as ConnectorInputError;
}

describe('SendGrid connector: invalid input', () => {
  it('refuses a sender address that is not an e-mail address, naming the field', async () => {
    const error = await inputError({ ...contentMailVariables(), from: { name: 'Shop', email: 'shop.example.com' } });

    expect(error.code).toBe('INVALID_INPUT');
    expect(error.issues).toEqual([{ field: 'from.email', rule: 'must be an e-mail address such as jane@example.com' }]);
    expect(error.message).toBe('Invalid input: from.email: must be an e-mail address such as jane@example.com');
  });

  it('refuses a recipient address with spaces, naming the field', async () => {
    const error = await inputError({ ...templateMailVariables(), to: { name: 'Jane', email: 'jane doe@example.org' } });

    expect(error.issues.map((i) => i.field)).toEqual(['to.email']);
  });

  it('lists every missing required field at once', async () => {
    const error = await inputError({ unMappedFieldNotUseInModel: { mailType: 'mail' }, content: { subject: 'Hi' } });

    expect(error.issues.map((i) => i.field)).toEqual(['apiKey', 'from.name', 'from.email', 'to.name', 'to.email', 'content.value']);
    expect(error.issues.every((i) => i.rule === 'is required')).toBe(true);
  });

  it('needs template id and data for a template mail', async () => {
    const error = await inputError({ ...templateMailVariables(), template: {} });

    expect(error.issues).toEqual([
      { field: 'template.id', rule: 'is required' },
      { field: 'template.data', rule: 'is required' },
    ]);
  });

  it('refuses template data that is not an object', async () => {
    for (const data of [['Jane'], 42, 'not json']) {
      const error = await inputError(templateMailVariables(data));
      expect(error.issues).toEqual([{ field: 'template.data', rule: 'must be an object (a FEEL context such as {firstName: "Jane"})' }]);
    }
  });

  it('refuses a mail type outside the stock dropdown', async () => {
    const error = await inputError({ ...contentMailVariables(), unMappedFieldNotUseInModel: { mailType: 'html' } });

    expect(error.issues).toEqual([{ field: 'unMappedFieldNotUseInModel.mailType', rule: 'must be one of "mail", "byTemplate"' }]);
  });

  it('asks for the mail type when neither template nor content is given', async () => {
    const { unMappedFieldNotUseInModel: _, content: __, ...envelope } = contentMailVariables();
    const error = await inputError(envelope);

    expect(error.issues.map((i) => i.field)).toEqual(['unMappedFieldNotUseInModel.mailType']);
  });

  it('checks the fields of the mail type it infers when the dropdown is absent', async () => {
    const { unMappedFieldNotUseInModel: _, ...variables } = contentMailVariables({ subject: 'Hi' });
    const error = await inputError(variables);

    expect(error.issues).toEqual([{ field: 'content.value', rule: 'is required' }]);
  });

  it('names an invalid field without echoing its value, even an API key put in the wrong field', async () => {
    const error = await inputError({ ...contentMailVariables(), from: { name: 'Shop', email: '{{secrets.SENDGRID_API_KEY}}' } });

    expect(error.message).toBe('Invalid input: from.email: must be an e-mail address such as jane@example.com');
    expect(JSON.stringify({ ...error, message: error.message })).not.toContain(API_KEY);
  });
});
