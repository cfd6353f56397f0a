import { describe, expect, it } from 'vitest';
import { FeelError } from './errors.js';
import { checkSyntax, evaluateExpression, evaluateFeel, stripEquals } from './evaluate.js';

function thrown(fn: () => unknown): FeelError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(FeelError);
    return e as FeelError;
  }
  throw new Error('expected a FeelError');
}

describe('evaluateExpression', () => {
  it('strips the leading = of a Camunda expression', () => {
    expect(stripEquals('  = { a: 1 } ')).toBe('{ a: 1 }');
    expect(evaluateExpression('={ status: response.status }', { response: { status: 201 } })).toEqual({ status: 201 });
  });

  it('evaluates without a leading = too, against names with spaces', () => {
    expect(evaluateExpression('first name + "!"', { 'first name': 'Ada' })).toBe('Ada!');
  });

  it('evaluates a missing variable to null and reports it as a warning', () => {
    const result = evaluateFeel('{ s: nothing.here }', {});
    expect(result.value).toEqual({ s: null });
    expect(result.warnings.join('\n')).toContain("Variable 'nothing' not found");
  });

  it('never puts context values into warnings', () => {
    const result = evaluateFeel('1 + token', { token: 'hunter2-secret' });
    expect(result.value).toBeNull();
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0]).toContain('<string>');
    expect(result.warnings[0]).not.toContain('hunter2-secret');
  });

  it('throws a syntax error with its position and without evaluating', () => {
    const error = thrown(() => evaluateExpression('={ a: ', { a: 'value-xyz' }));
    expect(error.code).toBe('FEEL_SYNTAX_ERROR');
    expect(error.message).toMatch(/ContextEntry/);
    expect(error.message).not.toContain('value-xyz');
  });

  it('refuses an empty expression', () => {
    expect(thrown(() => evaluateExpression(' = ', {})).message).toBe('the expression is empty');
  });

  it('fails on a call of an unknown function instead of returning null', () => {
    const error = thrown(() => evaluateExpression('bpmnErorr("X", "y")', {}));
    expect(error.code).toBe('FEEL_EVALUATION_ERROR');
    expect(error.message).toContain('no such function');
    expect(error.message).toContain('bpmnErorr("X", "y")');
  });

  it('wraps an error thrown by a function of the context', () => {
    const boom = () => {
      throw new Error('boom');
    };
    const error = thrown(() => evaluateExpression('f()', { f: boom }));
    expect(error.code).toBe('FEEL_EVALUATION_ERROR');
    expect(error.message).toContain('boom');
  });
});

describe('checkSyntax', () => {
  it('accepts a valid expression and names with spaces without a context', () => {
    expect(() => checkSyntax('={ s: response.first name, ok: status = 200 }')).not.toThrow();
  });

  it('reports where the expression breaks', () => {
    const error = thrown(() => checkSyntax('=if error.code = "404" then bpmnError("NF" else null'));
    expect(error.code).toBe('FEEL_SYNTAX_ERROR');
    expect(error.message).toMatch(/position \d+|end of the expression/);
  });

  it('reports an incomplete expression at its end', () => {
    expect(thrown(() => checkSyntax('= a +')).message).toContain('at the end of the expression');
  });

  it('gives the same answer the second time (cached)', () => {
    const first = thrown(() => checkSyntax('{ x: '));
    const second = thrown(() => checkSyntax('{ x: '));
    expect(second.message).toBe(first.message);
  });
});
