import { inspect } from 'node:util';
import { ConnectorError, ConnectorInputError, ConnectorRetryError } from '@connectorkit/sdk';
import { runOutbound } from '@connectorkit/sdk/testing';
import { delay, HttpResponse } from 'msw';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { accepted, API_KEY, contentMailVariables, mockSendGrid, SECRETS, sendGridError } from '../test/sendgrid-api.js';
import { sendFailure } from './failure.js';
import { sendGridConnector } from './index.js';

const sendgridApi = mockSendGrid();

/** Runs a content mail and returns what it rejected with (fails the test if it resolved). */
async function failure(options: { signal?: AbortSignal } = {}): Promise<ConnectorError> {
  const outcome = await runOutbound(sendGridConnector, { variables: contentMailVariables(), secrets: SECRETS, ...options }).then(
    (result) => ({ result }),
    (error: unknown) => ({ error }),
  );
  if (!('error' in outcome)) throw new Error(`expected a failure, got ${JSON.stringify(outcome.result)}`);
  expect(outcome.error).toBeInstanceOf(ConnectorError);
  return outcome.error as ConnectorError;
}

afterEach(() => {
  vi.useRealTimers();
});

describe('SendGrid connector: failures', () => {
  it('turns a 400 into a ConnectorError carrying SendGrid\'s own messages', async () => {
    sendgridApi.answerWith(() =>
      sendGridError(400, [
        'The from address does not match a verified Sender Identity.',
        'The subject is required. You can get around this requirement if you use a template with a subject defined.',
      ]),
    );
    const error = await failure();

    expect(error).not.toBeInstanceOf(ConnectorInputError);
    expect(error).not.toBeInstanceOf(ConnectorRetryError);
    expect(error.code).toBe('400');
    expect(error.message).toBe(
      'SendGrid answered HTTP 400: The from address does not match a verified Sender Identity.; ' +
        'The subject is required. You can get around this requirement if you use a template with a subject defined.',
    );
    expect(error.variables).toEqual({
      statusCode: 400,
      errors: [
        { message: 'The from address does not match a verified Sender Identity.', field: 'from.email' },
        {
          message: 'The subject is required. You can get around this requirement if you use a template with a subject defined.',
          field: null,
        },
      ],
    });
  });

  it('turns a 401 (bad API key) into a ConnectorError with code 401', async () => {
    sendgridApi.answerWith(() => sendGridError(401, ['The provided authorization grant is invalid, expired, or revoked']));
    const error = await failure();

    expect(error.code).toBe('401');
    expect(error.message).toContain('The provided authorization grant is invalid, expired, or revoked');
  });

  it('turns a 500 without a body into a ConnectorError with code 500', async () => {
    sendgridApi.answerWith(() => new HttpResponse(null, { status: 500 }));
    const error = await failure();

    expect(error).not.toBeInstanceOf(ConnectorRetryError);
    expect(error.code).toBe('500');
    expect(error.message).toBe('SendGrid answered HTTP 500 without error details');
    expect(error.variables).toEqual({ statusCode: 500, errors: [] });
  });

  it('reports a malformed answer (HTML, broken JSON, unexpected shape) by its status', async () => {
    const bodies = ['<html><body>502 Bad Gateway</body></html>', '{"errors": [{"message": "cut o', '{"errors": "not a list"}'];
    for (const body of bodies) {
      sendgridApi.answerWith(() => new HttpResponse(body, { status: 502, headers: { 'Content-Type': 'application/json' } }));
      const error = await failure();
      expect(error.code).toBe('502');
      expect(error.message).toBe('SendGrid answered HTTP 502 without error details');
      expect(error.variables).toEqual({ statusCode: 502, errors: [] });
    }
  });

  it('treats a success status other than 202 as a failure', async () => {
    sendgridApi.answerWith(() => HttpResponse.json({ note: 'sandbox' }, { status: 200 }));
    const error = await failure();

    expect(error.code).toBe('200');
    expect(error.message).toBe('SendGrid answered HTTP 200 without error details');
  });

  it('asks for a retry after a 429, honouring Retry-After', async () => {
    sendgridApi.answerWith(() => sendGridError(429, ['too many requests'], { 'Retry-After': '7' }));
    const error = await failure();

    expect(error).toBeInstanceOf(ConnectorRetryError);
    expect(error.code).toBe('429');
    expect((error as ConnectorRetryError).backoffMs).toBe(7000);
    expect((error as ConnectorRetryError).retries).toBeUndefined();
    expect(error.message).toBe('SendGrid rate limit reached, HTTP 429: too many requests (retry in 7 s)');
  });

  it('asks for a retry after a 429, waiting until X-RateLimit-Reset', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2025-03-01T12:00:00Z'));
    const resetAt = Date.parse('2025-03-01T12:00:42Z') / 1000;
    sendgridApi.answerWith(() =>
      sendGridError(429, ['too many requests'], { 'X-RateLimit-Limit': '600', 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': String(resetAt) }),
    );
    const error = await failure();

    expect(error).toBeInstanceOf(ConnectorRetryError);
    expect((error as ConnectorRetryError).backoffMs).toBe(42_000);
  });

  it('leaves the backoff to the task after a 429 without rate-limit headers', async () => {
    sendgridApi.answerWith(() => sendGridError(429, ['too many requests']));
    const error = await failure();

    expect(error).toBeInstanceOf(ConnectorRetryError);
    expect((error as ConnectorRetryError).backoffMs).toBeUndefined();
    expect(error.message).toBe('SendGrid rate limit reached, HTTP 429: too many requests');
  });

  it('reports a connection failure with the shared code CONNECTION_ERROR', async () => {
    sendgridApi.answerWith(() => HttpResponse.error());
    const error = await failure();

    expect(error.code).toBe('CONNECTION_ERROR');
    expect(error.message).toMatch(/^Could not reach SendGrid/);
  });

  it('cancels the request when the job is aborted, with code CANCELLED', async () => {
    const abort = new AbortController();
    sendgridApi.answerWith(async () => {
      abort.abort();
      await delay('infinite');
      return accepted();
    });
    const error = await failure({ signal: abort.signal });

    expect(error.code).toBe('CANCELLED');
  });

  describe('never reveals the API key', () => {
    const echo = `Invalid API key ${API_KEY}`;
    const answers: [string, () => Response][] = [
      ['400 echoing the key', () => sendGridError(400, [echo])],
      ['401', () => sendGridError(401, ['The provided authorization grant is invalid, expired, or revoked'])],
      ['429 echoing the key', () => sendGridError(429, [echo], { 'Retry-After': '1' })],
      ['500 with a text body', () => new HttpResponse(`upstream failed for ${API_KEY}`, { status: 500 })],
      ['a connection failure', () => HttpResponse.error()],
    ];

    it.each(answers)('after %s: not in the message, code, variables or anything attached', async (_, answer) => {
      sendgridApi.answerWith(answer);
      const error = await failure();

      const serialized = [
        error.message,
        error.code,
        JSON.stringify(error.variables ?? null),
        JSON.stringify(error),
        String(error.stack),
        inspect(error, { depth: null, showHidden: true }),
      ].join('\n');
      expect(serialized).not.toContain(API_KEY);
      expect(serialized).not.toContain('test-key-4f1c9a7e2b');
    });

    it('masks a key SendGrid echoes, keeping the rest of the message', async () => {
      sendgridApi.answerWith(() => sendGridError(400, [echo]));
      const error = await failure();

      expect(error.message).toBe('SendGrid answered HTTP 400: Invalid API key ***');
      expect(error.variables).toEqual({ statusCode: 400, errors: [{ message: 'Invalid API key ***', field: 'from.email' }] });
    });
  });
});

describe('sendFailure', () => {
  it('names DNS and TLS failures with the shared codes', () => {
    const dns = Object.assign(new Error('getaddrinfo ENOTFOUND api.sendgrid.com'), { isAxiosError: true, code: 'ENOTFOUND' });
    const tls = Object.assign(new Error('certificate has expired'), { isAxiosError: true, code: 'CERT_HAS_EXPIRED' });
    expect(sendFailure(dns, API_KEY).code).toBe('DNS_ERROR');
    expect(sendFailure(tls, API_KEY).code).toBe('TLS_ERROR');
  });

  it('maps a transport timeout to TIMEOUT', () => {
    const timeout = Object.assign(new Error('timeout of 30000ms exceeded'), { isAxiosError: true, code: 'ECONNABORTED' });
    const error = sendFailure(timeout, API_KEY);

    expect(error.code).toBe('TIMEOUT');
    expect(error.variables).toEqual({ reason: 'ECONNABORTED' });
  });

  it('names the reason of a connection failure', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 10.0.0.1:443'), { isAxiosError: true, code: 'ECONNREFUSED' });
    const error = sendFailure(refused, API_KEY);

    expect(error.code).toBe('CONNECTION_REFUSED');
    expect(error.message).toBe('Could not reach SendGrid (ECONNREFUSED): connect ECONNREFUSED 10.0.0.1:443');
    expect(error.variables).toEqual({ reason: 'ECONNREFUSED' });
  });

  it('reports a mail the client refuses to build as an input error', () => {
    const error = sendFailure(new Error('String expected for `name`'), API_KEY);

    expect(error).toBeInstanceOf(ConnectorInputError);
    expect(error.code).toBe('INVALID_MAIL');
    expect(error.message).toBe('SendGrid client refused the mail: String expected for `name`');
  });
});
