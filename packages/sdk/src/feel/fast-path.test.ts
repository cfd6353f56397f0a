import { evaluate } from 'feelin';
import { describe, expect, it } from 'vitest';
import { evaluateFeel } from './evaluate.js';
import { evaluateSimple, UNSURE } from './fast-path.js';

const body = { name: 'Ada', tier: 'gold', id: 42, ok: true, none: null, tags: ['a', 'b'], items: [{ id: 1 }, { id: 2 }], address: { city: 'London' } };
const response = { status: 200, headers: { 'content-type': 'application/json' }, body, reason: 'OK', document: null };
const restContext = { ...body, response };

describe('the FEEL shortcut for variables, paths and context literals', () => {
  it.each([
    ['{customerName: response.body.name, customerTier: response.body.tier}', { customerName: 'Ada', customerTier: 'gold' }],
    ['response.body.id', 42],
    ['name', 'Ada'],
    ['(response.status)', 200],
    ['response.body.items.id', [1, 2]],
    ['{a: response.body, b: a.address.city}', { a: body, b: 'London' }],
    ['{outer: {inner: response.body.address}}', { outer: { inner: { city: 'London' } } }],
    ['response.body.none', null],
    ['response.body.ok', true],
  ])('%s answers what feelin answers, without feelin', (expression, expected) => {
    const value = evaluateSimple(expression, restContext);
    expect(value).not.toBe(UNSURE);
    expect(value).toEqual(expected);
    expect(value).toEqual(evaluate(expression, restContext).value);
  });

  it.each([
    ['a missing variable', 'nope', restContext],
    ['a missing entry', 'response.body.nope', restContext],
    ['a step through null', 'response.document.id', restContext],
    ['a step into a string', 'response.body.name.x', restContext],
    ['a key that feelin would read as one longer name', 'response.body', { response: { body: 1, 'body.x': 2 } }],
    ['a key with a space after the name', 'a.first', { a: { first: 1, 'first name': 2 } }],
    ['a root key with a dot', 'response.body', { response: { body: 1 }, 'response.body': 2 }],
    ['a date in the result', 'x', { x: new Date(0) }],
    ['an operator', 'response.status + 1', restContext],
    ['a function call', 'upper case(name)', restContext],
    ['a string literal', '{a: "x"}', restContext],
    ['a name with spaces', 'x.first name', { x: { 'first name': 1 } }],
    ['a list with a non-context', 'xs.id', { xs: [{ id: 1 }, 2] }],
  ])('steps aside for %s', (_what, expression, context) => {
    expect(evaluateSimple(expression, context as Record<string, unknown>)).toBe(UNSURE);
    // and evaluateFeel still gives feelin's value
    expect(evaluateFeel(expression, context as Record<string, unknown>).value).toEqual(evaluate(expression, context as Record<string, unknown>).value);
  });

  it('returns copies: changing the result leaves the context alone', () => {
    const value = evaluateSimple('{b: response.body}', restContext) as { b: { tags: string[] } };
    value.b.tags.push('c');
    expect(body.tags).toEqual(['a', 'b']);
  });

  it('gives feelin’s value on generated contexts and paths, with tricky keys', () => {
    let seed = 12345;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const plain = ['a', 'b', 'name', 'items'];
    const tricky = ['a.b', 'a b', 'b-c', 'name?', 'first name', 'items/x', 'a*b'];
    const value = (depth: number): unknown => {
      switch (depth === 0 ? 7 : rand(depth > 2 ? 5 : 10)) {
        case 0:
          return null;
        case 1:
          return rand(100);
        case 2:
          return `s${rand(10)}`;
        case 3:
          return rand(2) === 0;
        case 4:
          return undefined;
        case 5:
          return Array.from({ length: rand(3) }, () => value(depth + 1));
        default: {
          const out: Record<string, unknown> = {};
          for (const k of plain) if (rand(10) < 7) out[k] = value(depth + 1);
          if (rand(5) === 0) out[tricky[rand(tricky.length)]!] = value(depth + 1);
          return out;
        }
      }
    };
    const path = () => Array.from({ length: rand(3) + 1 }, () => plain[rand(plain.length)]).join('.');
    let answered = 0;
    for (let i = 0; i < 3000; i++) {
      const context = value(0);
      const expression = rand(2) === 0 ? path() : `{p: ${path()}, q: ${path()}, r: p}`;
      const simple = evaluateSimple(expression, context as Record<string, unknown>);
      const reference = evaluate(expression, context as Record<string, unknown>).value;
      if (simple !== UNSURE) {
        answered++;
        expect({ expression, context, value: simple }).toEqual({ expression, context, value: reference });
      }
      expect(evaluateFeel(expression, context as Record<string, unknown>).value).toEqual(reference);
    }
    // the shortcut took a fair share of them (not only the trivial misses)
    expect(answered).toBeGreaterThan(300);
  });
});
