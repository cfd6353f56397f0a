import { describe, expect, it } from 'vitest';
import { everyKind } from '../test/fixtures.js';
import { ConnectorInputError } from './errors.js';
import { bindInput, validateInput, variableNames } from './validation.js';
import { p } from './properties.js';

const valid = { url: 'https://example.com', authentication: { type: 'none' } };

function issuesOf(raw: unknown) {
  return validateInput(everyKind.properties, raw).issues;
}

describe('run-time validation', () => {
  it('binds a valid input, applies defaults and coerces stock-template strings', () => {
    const input = bindInput(everyKind.properties, { ...valid, timeout: '30', followRedirects: 'true', extra: 'dropped' });
    expect(input).toEqual({
      url: 'https://example.com',
      authentication: { type: 'none' },
      timeout: 30,
      followRedirects: true,
      mode: 'strict',
    });
    expect(input).not.toHaveProperty('extra');
  });

  it('applies the default of a required dropdown when the variable is absent', () => {
    expect(bindInput(everyKind.properties, { url: 'http://x' }).authentication.type).toBe('none');
  });

  it('reports every invalid field at once, by path and rule', () => {
    const raw = {
      authentication: { type: 'bearer' },
      url: 'ftp://nope',
      note: 'x',
      timeout: -1,
      limit: 'many',
      followRedirects: 'sometimes',
    };
    expect(issuesOf(raw)).toEqual([
      { field: 'authentication.token', rule: 'is required' },
      { field: 'url', rule: 'must start with http:// or https://' },
      { field: 'note', rule: 'must be at least 2 characters long' },
      { field: 'timeout', rule: 'must be at least 0' },
      { field: 'limit', rule: 'must be a number' },
      { field: 'followRedirects', rule: 'must be true or false' },
    ]);
    let error: unknown;
    try {
      bindInput(everyKind.properties, raw);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConnectorInputError);
    expect((error as ConnectorInputError).message).toBe(
      'Invalid input: authentication.token: is required; url: must start with http:// or https://; ' +
        'note: must be at least 2 characters long; timeout: must be at least 0; limit: must be a number; ' +
        'followRedirects: must be true or false',
    );
    expect((error as ConnectorInputError).issues).toHaveLength(6);
  });

  it('requires a conditional property only when its condition holds', () => {
    expect(issuesOf({ ...valid, authentication: { type: 'basic' } })).toEqual([
      { field: 'authentication.username', rule: 'is required' },
    ]);
    expect(issuesOf({ ...valid, authentication: { type: 'none' } })).toEqual([]);
  });

  it('names a dropdown value outside its choices without echoing it', () => {
    const issues = issuesOf({ ...valid, authentication: { type: 'kerberos-SECRET' } });
    expect(issues).toEqual([{ field: 'authentication.type', rule: 'must be one of "none", "bearer", "basic"' }]);
    expect(JSON.stringify(issues)).not.toContain('kerberos-SECRET');
  });

  it('never prints a secret field value in an error', () => {
    const secretValue = 'tok-12345-very-secret';
    const props = { token: p.text({ label: 'Token', secret: true, constraints: { minLength: 50 } }) };
    let message = '';
    try {
      bindInput(props, { token: secretValue });
    } catch (e) {
      message = (e as Error).message + JSON.stringify((e as ConnectorInputError).issues);
    }
    expect(message).toContain('token: must be at least 50 characters long');
    expect(message).not.toContain(secretValue);
  });

  it('validates a structured value with its schema and reports nested paths', () => {
    const issues = issuesOf({ ...valid, verbose: true, headers: { 'X-A': 'ok', 'X-B': 5 } });
    expect(issues).toEqual([{ field: 'headers.X-B', rule: expect.stringContaining('expected string') }]);
  });

  it('ignores a leftover value of a property hidden by its condition', () => {
    const input = bindInput(everyKind.properties, { ...valid, authentication: { type: 'none', token: 5, username: '' } });
    expect(input.authentication).toEqual({ type: 'none' });
  });

  it('checks, but never requires, a conditional value whose switch is absent (older templates)', () => {
    const props = {
      mode: p.dropdown({ label: 'Mode', choices: [{ name: 'A', value: 'a' }, { name: 'B', value: 'b' }] }),
      detail: p.text({ label: 'Detail', required: true, condition: { property: 'mode', equals: 'a' } }),
    };
    expect(bindInput(props, { detail: 'kept' })).toEqual({ detail: 'kept' });
    expect(bindInput(props, {})).toEqual({});
    expect(validateInput(props, { detail: 7 }).input).toEqual({ detail: '7' });
    expect(validateInput(props, { mode: 'a' }).issues).toEqual([{ field: 'detail', rule: 'is required' }]);
    expect(bindInput(props, { mode: 'b', detail: 'dropped' })).toEqual({ mode: 'b' });
  });

  it('binds a number or boolean given for a text field as its text', () => {
    expect(bindInput(everyKind.properties, { ...valid, note: 42 }).note).toBe('42');
  });

  it('treats null like an absent value', () => {
    expect(bindInput(everyKind.properties, { ...valid, note: null, limit: null })).not.toHaveProperty('note');
  });

  it('accepts the string form of a hidden number or boolean, as inbound properties arrive', () => {
    const props = { n: p.hidden({ value: 3 }), b: p.hidden({ value: true }) };
    expect(bindInput(props, { n: '3', b: 'true' })).toEqual({ n: 3, b: true });
    expect(validateInput(props, { n: '4', b: 'true' }).issues).toEqual([{ field: 'n', rule: 'must be 3' }]);
  });

  it('lists the top-level variables a connector reads', () => {
    expect(variableNames(everyKind.properties)).toEqual([
      'authentication', 'body', 'followRedirects', 'headers', 'limit', 'mode', 'note', 'timeout', 'url', 'verbose',
    ]);
  });
});
