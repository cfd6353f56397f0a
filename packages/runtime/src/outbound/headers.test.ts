import { describe, expect, it } from 'vitest';
import { InvalidHeaderError, readOutboundHeaders } from './headers.js';

function invalid(headers: Record<string, string>): InvalidHeaderError {
  try {
    readOutboundHeaders(headers);
  } catch (e) {
    expect(e).toBeInstanceOf(InvalidHeaderError);
    return e as InvalidHeaderError;
  }
  throw new Error('expected an InvalidHeaderError');
}

describe('readOutboundHeaders', () => {
  it('reads the headers the runtime acts on and converts retryBackoff to milliseconds', () => {
    expect(
      readOutboundHeaders({
        resultVariable: 'result',
        resultExpression: '={ s: status }',
        errorExpression: '=null',
        retryBackoff: 'PT1M30S',
        elementTemplateId: 'io.example.tpl',
      }),
    ).toEqual({ resultVariable: 'result', resultExpression: '={ s: status }', errorExpression: '=null', retryBackoffMs: 90_000 });
  });

  it('treats absent and blank headers alike', () => {
    expect(readOutboundHeaders({})).toEqual({});
    expect(readOutboundHeaders({ resultVariable: ' ', resultExpression: '', retryBackoff: '  ' })).toEqual({});
  });

  it('refuses a retryBackoff that is not an ISO-8601 duration', () => {
    const error = invalid({ retryBackoff: '5 minutes' });
    expect(error.code).toBe('INVALID_HEADER');
    expect(error.header).toBe('retryBackoff');
    expect(error.message).toContain('Invalid retryBackoff header "5 minutes"');
  });

  it('refuses an expression that does not parse, naming the header', () => {
    const error = invalid({ resultExpression: '={ a: 1 }', errorExpression: '=bpmnError("X",' });
    expect(error.header).toBe('errorExpression');
    expect(error.message).toMatch(/^Invalid errorExpression header: the FEEL expression does not parse: /);
    expect(invalid({ resultExpression: '={ a: ' }).header).toBe('resultExpression');
  });
});
