import { describe, expect, it } from 'vitest';
import { ConnectorError, ConnectorInputError, ConnectorRetryError, isConnectorError } from './errors.js';
import { parseIsoDuration } from './duration.js';

describe('connector errors', () => {
  it('carries code, message and variables', () => {
    const e = new ConnectorError('404', 'Not found', { variables: { body: 'x' } });
    expect([e.code, e.message, e.variables, e.name]).toEqual(['404', 'Not found', { body: 'x' }, 'ConnectorError']);
    expect(isConnectorError(e)).toBe(true);
    expect(isConnectorError(new Error('x'))).toBe(false);
  });

  it('builds one input error from every field issue', () => {
    const e = ConnectorInputError.fromIssues([
      { field: 'url', rule: 'is required' },
      { field: 'method', rule: 'must be one of "GET"' },
    ]);
    expect(e.message).toBe('Invalid input: url: is required; method: must be one of "GET"');
    expect(e.code).toBe('INVALID_INPUT');
    expect(e).toBeInstanceOf(ConnectorError);
  });

  it('takes a retry backoff as ISO-8601 or milliseconds', () => {
    expect(new ConnectorRetryError('slow down', { retries: 2, backoff: 'PT1M30S' }).backoffMs).toBe(90_000);
    expect(new ConnectorRetryError('slow down', { backoff: 1500 }).backoffMs).toBe(1500);
    expect(new ConnectorRetryError('x').retries).toBeUndefined();
    expect(() => new ConnectorRetryError('x', { backoff: '30 seconds' })).toThrow(/not an ISO-8601 duration/);
    expect(() => new ConnectorRetryError('x', { retries: -1 })).toThrow(/retries must be/);
  });

  it('parses ISO-8601 durations', () => {
    expect(parseIsoDuration('PT0S')).toBe(0);
    expect(parseIsoDuration('P1DT2H')).toBe(93_600_000);
    expect(parseIsoDuration('PT0.5S')).toBe(500);
    expect(() => parseIsoDuration('P')).toThrow();
    expect(() => parseIsoDuration('P1Y')).toThrow();
  });
});
