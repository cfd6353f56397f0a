import { describe, expect, it } from 'vitest';
import { classifyFailure, parseRetryAfter } from './drive-errors.js';

const gaxiosLike = (status: number, data: unknown, headers: Record<string, string> = {}) => ({
  message: 'request failed',
  status,
  response: { status, data, headers: new Headers(headers) },
});
const driveBody = (code: number, reason: string, message = 'm', location?: string) => ({
  error: { code, message, errors: [{ reason, message, location }] },
});

describe('classifyFailure', () => {
  it.each([
    [429, 'rateLimitExceeded'],
    [403, 'rateLimitExceeded'],
    [403, 'userRateLimitExceeded'],
    [403, 'dailyLimitExceeded'],
    [403, 'quotaExceeded'],
  ])('%i %s is a rate limit', (status, reason) => {
    expect(classifyFailure(gaxiosLike(status, driveBody(status, reason)))).toMatchObject({ kind: 'rate-limit', status, reason });
  });

  it('a 403 for missing permission is not a rate limit', () => {
    expect(classifyFailure(gaxiosLike(403, driveBody(403, 'insufficientFilePermissions')))).toMatchObject({ kind: 'other', status: 403 });
  });

  it('reads Retry-After as seconds or as a date', () => {
    expect(classifyFailure(gaxiosLike(429, driveBody(429, 'rateLimitExceeded'), { 'retry-after': '12' }))).toMatchObject({ retryAfterMs: 12_000 });
    expect(parseRetryAfter('Mon, 02 Mar 2026 09:01:00 GMT', Date.parse('2026-03-02T09:00:30Z'))).toBe(30_000);
    expect(parseRetryAfter('soon')).toBeUndefined();
  });

  it('a 400 naming the page token, or a 404, is an invalid page token; another 400 is not', () => {
    expect(classifyFailure(gaxiosLike(400, driveBody(400, 'invalid', 'Invalid Value', 'pageToken')))).toMatchObject({ kind: 'invalid-page-token' });
    expect(classifyFailure(gaxiosLike(404, driveBody(404, 'notFound')))).toMatchObject({ kind: 'invalid-page-token' });
    expect(classifyFailure(gaxiosLike(400, driveBody(400, 'invalid', 'Invalid Value', 'fields')))).toMatchObject({ kind: 'other' });
  });

  it('an OAuth error body, a 401, or a refused JWT grant is an authentication failure', () => {
    expect(classifyFailure(gaxiosLike(400, { error: 'invalid_grant', error_description: 'Bad' }))).toEqual({ kind: 'auth', status: 400, message: 'invalid_grant: Bad' });
    expect(classifyFailure(gaxiosLike(401, { error: { code: 401, message: 'Invalid Credentials' } }))).toMatchObject({ kind: 'auth' });
    expect(classifyFailure(new Error('invalid_grant: Invalid JWT Signature.'))).toMatchObject({ kind: 'auth' });
  });

  it('anything else keeps its status and message', () => {
    expect(classifyFailure(gaxiosLike(500, driveBody(500, 'backendError', 'Backend Error')))).toEqual({ kind: 'other', status: 500, message: 'Backend Error' });
    expect(classifyFailure(new Error('socket hang up'))).toEqual({ kind: 'other', status: undefined, message: 'socket hang up' });
  });
});
