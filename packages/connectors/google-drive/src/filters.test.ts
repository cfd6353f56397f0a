import { describe, expect, it } from 'vitest';
import { createFilter, globToRegExp, mimeTypeTest, parseRegExp } from './filters.js';

describe('globToRegExp', () => {
  it.each([
    ['*.pdf', 'report.pdf', true],
    ['*.pdf', 'REPORT.PDF', true],
    ['*.pdf', 'report.pdf.txt', false],
    ['invoice-??.csv', 'invoice-07.csv', true],
    ['invoice-??.csv', 'invoice-7.csv', false],
    ['scan[0-9].png', 'scan4.png', true],
    ['scan[!0-9].png', 'scan4.png', false],
    ['*.{jpg,png}', 'a.png', true],
    ['*.{jpg,png}', 'a.gif', false],
    ['a+b (1).txt', 'a+b (1).txt', true],
    ['\\*.txt', '*.txt', true],
    ['\\*.txt', 'x.txt', false],
  ])('%s against %s: %s', (glob, name, expected) => {
    expect(globToRegExp(glob).test(name)).toBe(expected);
  });

  it('refuses an unclosed [ or {', () => {
    expect(() => globToRegExp('a[bc')).toThrow('"[" at position 2 is not closed');
    expect(() => globToRegExp('{a,b')).toThrow('"{" is not closed');
  });
});

describe('parseRegExp', () => {
  it('searches anywhere and is case-sensitive when written bare', () => {
    expect(parseRegExp('inv').test('my-invoice')).toBe(true);
    expect(parseRegExp('inv').test('INVOICE')).toBe(false);
  });

  it('takes flags from /…/flags and drops the stateful g and y', () => {
    const re = parseRegExp('/^inv/gi');
    expect(re.flags).toBe('iu');
    expect([re.test('Invoice'), re.test('Invoice')]).toEqual([true, true]);
  });
});

describe('mimeTypeTest', () => {
  it('matches listed types and families, ignoring case and spaces; empty matches all', () => {
    const t = mimeTypeTest(' application/pdf ,image/* ');
    expect(['application/pdf', 'IMAGE/PNG', 'image/jpeg', 'text/plain'].map(t)).toEqual([true, true, true, false]);
    expect(mimeTypeTest('')('anything/else')).toBe(true);
    expect(mimeTypeTest(undefined)('anything/else')).toBe(true);
  });
});

describe('createFilter', () => {
  it('needs both the name and the type to match', () => {
    const f = createFilter({ events: 'new', namePattern: '*.pdf', namePatternType: 'glob', mimeTypes: 'application/pdf' });
    expect(f.matches({ name: 'a.pdf', mimeType: 'application/pdf' })).toBe(true);
    expect(f.matches({ name: 'a.pdf', mimeType: 'text/plain' })).toBe(false);
    expect(f.matches({ name: 'a.txt', mimeType: 'application/pdf' })).toBe(false);
  });
});
