import { describe, expect, it } from 'vitest';
import { ConnectorError, defineOutbound, p } from './index.js';
import { maskingLogger, maskSecrets, secretMasker, secretSpellings } from './secrets.js';
import { runOutboundJob } from './testing/index.js';

/** A secret full of the characters every encoding changes. */
const SECRET = 'p@ss w/rd+=&"Ünï\\Tok';

/** Every spelling a value takes on its way out, as the issue lists them. */
function spellings(value: string): string[] {
  const form = new URLSearchParams({ v: value }).toString().slice(2);
  const json = (s: string) => JSON.stringify(s).slice(1, -1);
  return [
    value,
    encodeURIComponent(value),
    encodeURIComponent(value).toLowerCase(),
    encodeURI(value),
    form,
    json(value),
    json(encodeURIComponent(value)),
    json(json(value)),
    value.toLowerCase(),
    value.toUpperCase(),
  ];
}

describe('masking every spelling of a secret', () => {
  it.each(spellings(SECRET).map((s) => [s]))('masks %s', (spelled) => {
    const text = `before ${spelled} after`;
    expect(maskSecrets(text, [SECRET])).toBe('before *** after');
  });

  it('masks the secret inside base64, at any alignment (Basic authentication of user:pass)', () => {
    for (const user of ['u', 'us', 'use', 'user']) {
      const basic = Buffer.from(`${user}:${SECRET}`).toString('base64');
      const masked = maskSecrets(`Authorization: Basic ${basic}`, [SECRET]);
      expect(masked).toContain('***');
      // What is left cannot be decoded back to the secret, nor to a long part of it.
      expect(Buffer.from(masked.replace('Authorization: Basic ', '').replace('***', ''), 'base64').toString('latin1')).not.toContain(SECRET.slice(0, 6));
    }
    // The last characters of an encoded run also depend on what follows: at most 3 stay.
    expect(maskSecrets(`x ${Buffer.from(SECRET).toString('base64url')} y`, [SECRET])).toMatch(/^x \*\*\*[\w-]{0,3} y$/);
  });

  it('masks a host name lower-cased', () => {
    const host = 'Tenant-Secret-Host';
    expect(maskSecrets('connect ECONNREFUSED tenant-secret-host.example:443', [host])).toBe('connect ECONNREFUSED ***.example:443');
  });

  it('keeps the rules it had: short values alone, the longest secret whole, structures walked', () => {
    expect(maskSecrets('ab ab', ['ab'])).toBe('ab ab');
    expect(maskSecrets('token abc123 and abc123456', ['abc123', 'abc123456'])).toBe('token *** and ***');
    expect(maskSecrets({ e: ['x abc123'], n: 5 }, ['abc123'])).toEqual({ e: ['x ***'], n: 5 });
  });

  it('lists the spellings, and tells whether a text holds one', () => {
    expect(secretSpellings('a b').caseless).toEqual(expect.arrayContaining(['a b', 'a%20b', 'a+b']));
    expect(secretMasker([SECRET]).test(`"${JSON.stringify(encodeURIComponent(SECRET))}"`)).toBe(true);
    expect(secretMasker([SECRET]).test('nothing here')).toBe(false);
  });

  it('maskingLogger masks values added to its list later', () => {
    const lines: unknown[][] = [];
    const base = { debug: () => {}, info: (...a: unknown[]) => lines.push(a), warn: () => {}, error: () => {} };
    const list: string[] = [];
    const log = maskingLogger(base, list);
    list.push('late-token-123');
    log.info({ url: 'https://x/?t=late-token-123' }, 'got LATE-TOKEN-123');
    expect(lines).toEqual([[{ url: 'https://x/?t=***' }, 'got ***']]);
  });
});

describe('secret properties and values marked sensitive', () => {
  const connector = (behaviour: (ctx: { input: { key: string; q?: string }; sensitive: <V extends string>(v: V) => V; log: { warn(o: object, m?: string): void } }) => unknown) =>
    defineOutbound({
      id: 'test.secretive',
      name: 'Secretive',
      version: 1,
      type: 'test:secretive:1',
      properties: { key: p.text({ label: 'API key', secret: true, required: true }), q: p.text({ label: 'Query' }) },
      execute: (ctx) => behaviour(ctx),
    });

  it('masks a credential typed literally into a secret field, in messages and error variables', async () => {
    const typed = 'literal key&=/+ 42';
    const outcome = await runOutboundJob(
      connector(({ input }) => {
        throw new ConnectorError('401', `refused https://api/?key=${encodeURIComponent(input.key)}`, { variables: { echoed: `key=${new URLSearchParams({ k: input.key }).toString()}` } });
      }),
      { variables: { key: typed } },
    );
    expect(JSON.stringify(outcome)).not.toContain(encodeURIComponent(typed));
    expect(outcome).toMatchObject({ action: 'fail', errorMessage: 'refused https://api/?key=***' });
  });

  it('masks a value the connector marks sensitive at run time, in its log lines and the incident', async () => {
    const logged: unknown[] = [];
    const log = { debug() {}, info() {}, warn: (o: unknown, m?: string) => logged.push(o, m), error() {} };
    const outcome = await runOutboundJob(
      connector(({ sensitive, log: l }) => {
        const token = sensitive('eyJ-access-token/xyz');
        l.warn({ header: `Bearer ${token}` }, `token ${encodeURIComponent(token)}`);
        throw new Error(`upstream said: invalid token "${token.toUpperCase()}"`);
      }),
      { variables: { key: 'k-123' }, log },
    );
    expect(JSON.stringify(logged)).not.toMatch(/access-token/i);
    expect(logged).toEqual([{ header: 'Bearer ***' }, 'token ***']);
    expect(outcome).toMatchObject({ action: 'fail', errorMessage: 'upstream said: invalid token "***"' });
  });
});
