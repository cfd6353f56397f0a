import { describe, expect, it } from 'vitest';
import { MAX_ERROR_MESSAGE_LENGTH, sealOutcome, truncateMessage } from './outcome.js';

const SECRET = 'p4ssw0rd-value';

describe('sealOutcome', () => {
  it('masks secrets in the message and variables of a failure and cleans retries', () => {
    const sealed = sealOutcome(
      { action: 'fail', kind: 'failed', errorMessage: `bad ${SECRET}`, retries: -1, retryBackoffMs: 1.6, variables: { e: [SECRET] } },
      [SECRET],
    );
    expect(sealed).toEqual({ action: 'fail', kind: 'failed', errorMessage: 'bad ***', retries: 0, retryBackoffMs: 2, variables: { e: ['***'] } });
  });

  it('masks a BPMN error but keeps its code, which boundary events match on', () => {
    const sealed = sealOutcome({ action: 'error', kind: 'bpmn-error', errorCode: 'E', errorMessage: SECRET, variables: { v: SECRET } }, [SECRET]);
    expect(sealed).toEqual({ action: 'error', kind: 'bpmn-error', errorCode: 'E', errorMessage: '***', variables: { v: '***' } });
  });

  it('masks the variables of an ignored error but leaves a plain completion alone', () => {
    expect(sealOutcome({ action: 'complete', kind: 'ignored-error', variables: { v: SECRET } }, [SECRET])).toMatchObject({ variables: { v: '***' } });
    expect(sealOutcome({ action: 'complete', kind: 'completed', variables: { v: SECRET } }, [SECRET])).toMatchObject({ variables: { v: SECRET } });
  });

  it('masks before truncating, so no part of a secret survives at the cut', () => {
    const message = 'x'.repeat(MAX_ERROR_MESSAGE_LENGTH - 4) + SECRET;
    const sealed = sealOutcome({ action: 'fail', kind: 'failed', errorMessage: message, retries: 1, retryBackoffMs: 0 }, [SECRET]);
    expect(sealed.action === 'fail' && sealed.errorMessage.endsWith('x***')).toBe(true);
  });
});

describe('truncateMessage', () => {
  it('keeps short messages and cuts long ones without splitting a surrogate pair', () => {
    expect(truncateMessage('short')).toBe('short');
    const cut = truncateMessage('a'.repeat(MAX_ERROR_MESSAGE_LENGTH - 1) + '😀'.repeat(3));
    expect(cut).toBe('a'.repeat(MAX_ERROR_MESSAGE_LENGTH - 1));
  });
});
