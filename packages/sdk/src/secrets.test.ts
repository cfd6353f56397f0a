import { describe, expect, it } from 'vitest';
import { ConnectorInputError } from './errors.js';
import { chainSecrets, maskSecrets, resolveSecrets, secretNamesIn, staticSecrets } from './secrets.js';

const provider = staticSecrets({ TOKEN: 'abc"123\n', HOST: 'api.example.com', 'nested/key': 'deep', USER_A: 'alice' });

describe('secret replacement', () => {
  it('finds braced and bare references', () => {
    expect(secretNamesIn('Bearer {{ secrets.TOKEN }} at secrets.HOST')).toEqual(['TOKEN', 'HOST']);
    expect(secretNamesIn('mysecrets.TOKEN is not a reference')).toEqual([]);
  });

  it('replaces inside strings, nested objects and lists, keeping the structure JSON-safe', async () => {
    const raw = {
      url: 'https://{{secrets.HOST}}/v1',
      headers: { Authorization: 'Bearer {{secrets.TOKEN}}' },
      list: [1, ['x', 'secrets.nested/key'], { user: 'secrets.USER_A' }],
      untouched: true,
    };
    const { value, used } = await resolveSecrets(raw, provider);
    expect(value).toEqual({
      url: 'https://api.example.com/v1',
      headers: { Authorization: 'Bearer abc"123\n' },
      list: [1, ['x', 'deep'], { user: 'alice' }],
      untouched: true,
    });
    expect(JSON.parse(JSON.stringify(value))).toEqual(value);
    expect([...used].sort()).toEqual(['abc"123\n', 'alice', 'api.example.com', 'deep']);
    expect(raw.headers.Authorization).toBe('Bearer {{secrets.TOKEN}}');
  });

  it('fails with an input error naming the missing secret, not any value', async () => {
    const raw = { a: ['ok', { b: '{{secrets.MISSING_ONE}} and {{secrets.TOKEN}}' }] };
    await expect(resolveSecrets(raw, provider)).rejects.toSatisfy((e: unknown) => {
      const err = e as ConnectorInputError;
      return (
        err instanceof ConnectorInputError &&
        err.message === "Secret not available: 'MISSING_ONE'" &&
        err.code === 'SECRET_NOT_FOUND' &&
        !err.message.includes('abc')
      );
    });
  });

  it('asks chained providers in order', async () => {
    const chain = chainSecrets(staticSecrets({ A: 'first' }), staticSecrets({ A: 'second', B: 'b' }));
    expect(await chain.getSecret('A')).toBe('first');
    expect(await chain.getSecret('B')).toBe('b');
    expect(await chain.getSecret('C')).toBeUndefined();
  });

  it('masks used secret values in text and nested values, longest first', () => {
    expect(maskSecrets('token abc123 and abc123456', ['abc123', 'abc123456'])).toBe('token *** and ***');
    expect(maskSecrets({ e: ['x abc123'] }, ['abc123'])).toEqual({ e: ['x ***'] });
  });
});
