import { describe, expect, it } from 'vitest';
import { authentication, messageType, nested, withVariants } from '../test/variants-fixture.js';
import { generateTemplates, p, validateInput, type TemplateProperty } from './index.js';

const issuesOf = (raw: unknown) => validateInput(withVariants.properties, raw).issues;

describe('p.variants: validation', () => {
  it("requires the chosen variant's fields, naming each", () => {
    expect(issuesOf({ url: 'u', authentication: { type: 'basic' } })).toEqual([
      { field: 'authentication.username', rule: 'is required' },
      { field: 'authentication.password', rule: 'is required' },
    ]);
    expect(issuesOf({ url: 'u', authentication: { type: 'basic', username: 'a', password: 'b' } })).toEqual([]);
  });

  it('requires a requiredIn field in those variants only, a blank value counting as missing', () => {
    const cc = { type: 'oauth-cc', clientId: 'c' };
    expect(issuesOf({ url: 'u', authentication: cc })).toEqual([{ field: 'authentication.clientSecret', rule: 'is required' }]);
    expect(issuesOf({ url: 'u', authentication: { ...cc, clientSecret: '' } })).toEqual([
      { field: 'authentication.clientSecret', rule: 'is required' },
    ]);
    expect(issuesOf({ url: 'u', authentication: { type: 'oauth-refresh', clientId: 'c', refreshToken: 'r' } })).toEqual([]);
  });

  it('drops the fields of other variants', () => {
    const { input } = validateInput(withVariants.properties, { url: 'u', authentication: { type: 'bearer', token: 't', username: 'x' } });
    expect(input).toEqual({ url: 'u', authentication: { type: 'bearer', token: 't' } });
  });

  it('uses the default variant when the discriminator is absent', () => {
    expect(validateInput(withVariants.properties, { url: 'u' }).input).toEqual({ url: 'u', authentication: { type: 'none' } });
  });

  it('infers the variant when the discriminator is absent, or reports the absentRule', () => {
    const props = {
      ...p.variants({
        discriminator: 'kind',
        label: 'Kind',
        choices: [
          { name: 'Text', value: 'text' },
          { name: 'Template', value: 'template' },
        ],
        infer: (raw) => ((raw as { templateId?: unknown }).templateId !== undefined ? 'template' : undefined),
        absentRule: 'is required when no template id is given',
        fields: {
          subject: { in: ['text'], property: p.text({ label: 'Subject', required: true }) },
          templateId: { in: ['template'], property: p.text({ label: 'Template', required: true }) },
        },
      }),
    };
    expect(validateInput(props, { templateId: 'd-1' })).toEqual({ input: { kind: 'template', templateId: 'd-1' }, issues: [] });
    expect(validateInput(props, { subject: 'Hi' }).issues).toEqual([{ field: 'kind', rule: 'is required when no template id is given' }]);
    expect(validateInput(props, { kind: 'text' }).issues).toEqual([{ field: 'subject', rule: 'is required' }]);
  });

  it('refuses fields that name unknown variants or carry their own condition', () => {
    const choices = [{ name: 'A', value: 'a' }] as const;
    const text = p.text({ label: 'X' });
    // @ts-expect-error: 'b' is not a variant
    expect(() => p.variants({ discriminator: 'k', label: 'K', choices, fields: { x: { in: ['b'], property: text } } })).toThrow(
      'variants "k": field "x" names "b", which is not one of the variants',
    );
    const conditional = p.text({ label: 'X', condition: { property: 'k', equals: 'a' } });
    expect(() => p.variants({ discriminator: 'k', label: 'K', choices, fields: { x: { in: ['a'], property: conditional } } })).toThrow(
      'has a condition of its own',
    );
  });
});

describe('p.variants: template', () => {
  it('writes a dropdown and fields conditioned on it (equals for one variant, oneOf for several)', () => {
    const [template] = generateTemplates(withVariants);
    const byId: Record<string, TemplateProperty> = Object.fromEntries(template!.properties.map((prop) => [prop.id!, prop]));
    expect(byId['authentication.type']).toMatchObject({ type: 'Dropdown', value: 'none', binding: { type: 'zeebe:input', name: 'authentication.type' } });
    expect(byId['authentication.type']!.choices!.map((c) => c.value)).toEqual(['none', 'basic', 'bearer', 'oauth-cc', 'oauth-refresh']);
    expect(byId['authentication.username']).toMatchObject({
      constraints: { notEmpty: true },
      condition: { property: 'authentication.type', equals: 'basic' },
    });
    expect(byId['authentication.clientSecret']).toMatchObject({
      optional: true,
      condition: { property: 'authentication.type', oneOf: ['oauth-cc', 'oauth-refresh'] },
    });
    expect(byId['authentication.clientSecret']!.constraints).toBeUndefined();
    expect(Object.keys(authentication)).toEqual([
      'authentication.type',
      'authentication.username',
      'authentication.password',
      'authentication.token',
      'authentication.clientId',
      'authentication.clientSecret',
      'authentication.refreshToken',
      'authentication.scopes',
    ]);
  });
});

describe('nested variant groups', () => {
  it('require the inner variant fields only while the outer variant is chosen', () => {
    expect(validateInput(nested, { token: 't', data: { channel: 'c' } }).issues).toEqual([{ field: 'data.text', rule: 'is required' }]);
    expect(validateInput(nested, { token: 't', data: { channel: 'c', messageType: 'blocks', blocks: [1] } })).toEqual({
      input: { method: 'post', token: 't', data: { channel: 'c', messageType: 'blocks', blocks: [1] } },
      issues: [],
    });
    expect(validateInput(nested, { token: 't', method: 'create', data: { name: 'n', text: 'dropped' } })).toEqual({
      input: { method: 'create', token: 't', data: { name: 'n' } },
      issues: [],
    });
  });

  it('write the inner condition first, then the outer one, into the template', () => {
    expect(nested['data.messageType'].options.condition).toEqual({ property: 'method', equals: 'post' });
    expect(nested['data.text'].options.condition).toEqual({
      allMatch: [
        { property: 'data.messageType', equals: 'plain' },
        { property: 'method', equals: 'post' },
      ],
    });
    expect(Object.keys(nested)).toEqual(['method', 'data.channel', 'data.messageType', 'data.text', 'data.blocks', 'data.name', 'token']);
  });

  it('refuse a nested group keyed by something other than its discriminator', () => {
    expect(() =>
      p.variants({
        discriminator: 'k',
        label: 'K',
        choices: [{ name: 'A', value: 'a' }],
        fields: { other: { in: ['a'], variants: messageType } },
      }),
    ).toThrow("must be the key of the nested group's discriminator");
  });
});
