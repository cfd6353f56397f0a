import { describe, expect, it } from 'vitest';
import { connectorFunctions, readErrorDirective } from './connector-functions.js';
import { FeelError } from './errors.js';
import { evaluateExpression } from './evaluate.js';

const run = (expression: string, context: Record<string, unknown> = {}) =>
  readErrorDirective(evaluateExpression(expression, { ...context, ...connectorFunctions }));

describe('bpmnError', () => {
  it('takes code, message and variables by position', () => {
    expect(run('bpmnError("NOT_FOUND", "no such order", { orderId: 7 })')).toEqual({
      type: 'bpmnError',
      errorCode: 'NOT_FOUND',
      errorMessage: 'no such order',
      variables: { orderId: 7 },
    });
  });

  it('takes named arguments', () => {
    expect(run('bpmnError(errorMessage: "gone", errorCode: "GONE")')).toEqual({
      type: 'bpmnError',
      errorCode: 'GONE',
      errorMessage: 'gone',
    });
  });

  it('takes the code alone', () => {
    expect(run('bpmnError("ONLY_CODE")')).toEqual({ type: 'bpmnError', errorCode: 'ONLY_CODE', errorMessage: '' });
  });

  it('is ignored without a code', () => {
    expect(run('bpmnError("", "no code")')).toBeNull();
    expect(run('bpmnError(null, "no code")')).toBeNull();
  });

  it('is chosen by a condition on the error', () => {
    const expr = 'if error.code = "404" then bpmnError("NOT_FOUND", error.message) else null';
    expect(run(expr, { error: { code: '404', message: 'missing' } })).toMatchObject({ errorCode: 'NOT_FOUND', errorMessage: 'missing' });
    expect(run(expr, { error: { code: '500', message: 'oops' } })).toBeNull();
  });

  it('fails when called with a parameter it does not have', () => {
    expect(() => run('bpmnError(code: "X")')).toThrow(FeelError);
    expect(() => run('bpmnError("A", "b", {}, 4)')).toThrow(/Cannot invoke function\(errorCode, errorMessage, variables\)/);
  });

  it('refuses variables that are not a context', () => {
    expect(() => run('bpmnError("X", "m", [1, 2])')).toThrow('bpmnError variables must be a context, got a list');
  });
});

describe('jobError', () => {
  it('defaults to no retries and no backoff', () => {
    expect(run('jobError("stop here")')).toEqual({
      type: 'jobError',
      errorMessage: 'stop here',
      variables: {},
      retries: 0,
      retryBackoffMs: 0,
    });
  });

  it('takes retries and a FEEL duration as backoff', () => {
    expect(run('jobError("later", { a: 1 }, 2, duration("PT5S"))')).toMatchObject({ retries: 2, retryBackoffMs: 5000, variables: { a: 1 } });
    expect(run('jobError("later", {}, 1, @"P1DT1M")')).toMatchObject({ retryBackoffMs: 86_460_000 });
  });

  it('takes an ISO string as backoff and named arguments', () => {
    expect(run('jobError(errorMessage: "x", retries: job.retries - 1, retryBackoff: "PT0.5S")', { job: { retries: 3 } })).toMatchObject({
      retries: 2,
      retryBackoffMs: 500,
    });
  });

  it('refuses a backoff in months and negative or fractional retries', () => {
    expect(() => run('jobError("x", {}, 1, duration("P1M"))')).toThrow(/jobError retryBackoff must be a non-negative duration/);
    expect(() => run('jobError("x", {}, -1)')).toThrow('jobError retries must be a whole number >= 0');
    expect(() => run('jobError("x", {}, 1.5)')).toThrow('jobError retries must be a whole number >= 0');
  });
});

describe('ignoreError', () => {
  it('carries the variables to complete with', () => {
    expect(run('ignoreError({ skipped: true })')).toEqual({ type: 'ignoreError', variables: { skipped: true } });
    expect(run('ignoreError(variables: { n: 1 })')).toEqual({ type: 'ignoreError', variables: { n: 1 } });
  });

  it('works without arguments', () => {
    expect(run('ignoreError()')).toEqual({ type: 'ignoreError', variables: {} });
  });
});

describe('readErrorDirective', () => {
  it('reads null and an empty context as no directive', () => {
    expect(run('null')).toBeNull();
    expect(run('{}')).toBeNull();
  });

  it('refuses anything else, naming the type but not the value', () => {
    expect(() => readErrorDirective('some text')).toThrow('got a string');
    expect(() => readErrorDirective({ code: 'X' })).toThrow('got a context that is none of them');
  });
});
