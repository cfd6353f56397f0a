import { ConnectorError, ConnectorRetryError, type ConnectorLogger } from '@connectorkit/sdk';
import { runOutbound } from '@connectorkit/sdk/testing';
import { ErrorCode } from '@slack/web-api';
import { HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { fail, TOKEN, useSlackApi } from '../test/slack-api.js';
import { slackFailure } from './failure.js';
import { slackConnector } from './index.js';

const slack = useSlackApi();

/** A logger that keeps every line, to check the token never reaches one. */
function recordingLogger(lines: string[]): ConnectorLogger {
  const keep = (obj: object | string, msg?: string) => void lines.push(JSON.stringify([obj, msg]));
  return { debug: keep, info: keep, warn: keep, error: keep };
}

async function postFails(lines: string[] = [], signal?: AbortSignal): Promise<ConnectorError> {
  const error = await runOutbound(slackConnector, {
    variables: { method: 'chat.postMessage', token: '{{secrets.SLACK_TOKEN}}', data: { channel: 'C1', text: 'hi' } },
    secrets: { SLACK_TOKEN: TOKEN },
    log: recordingLogger(lines),
    signal,
  }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConnectorError);
  return error as ConnectorError;
}

/** Everything about an error a runtime could print or store. */
function exposed(error: ConnectorError): string {
  const causes: unknown[] = [];
  for (let c: unknown = error.cause; c !== undefined && causes.length < 5; c = (c as { cause?: unknown }).cause) causes.push(c);
  return JSON.stringify({ message: error.message, code: error.code, variables: error.variables, stack: error.stack, causes: causes.map(String) });
}

describe('Slack failures', () => {
  it("turns ok:false into a ConnectorError with Slack's error code", async () => {
    slack.answer('chat.postMessage', fail('channel_not_found'));

    const error = await postFails();

    expect(error).not.toBeInstanceOf(ConnectorRetryError);
    expect(error.code).toBe('channel_not_found');
    expect(error.message).toContain('chat.postMessage');
    expect(error.variables).toMatchObject({ method: 'chat.postMessage', error: 'channel_not_found' });
  });

  it('keeps the missing scope and Slack’s detail messages in the error variables', async () => {
    slack.answer(
      'chat.postMessage',
      fail('missing_scope', { needed: 'chat:write', provided: 'channels:read' }),
    );
    const scope = await postFails();
    expect(scope.code).toBe('missing_scope');
    expect(scope.variables).toMatchObject({ needed: 'chat:write', provided: 'channels:read' });
    expect(scope.message).toContain('chat:write');

    slack.answer('chat.postMessage', fail('invalid_blocks', { response_metadata: { messages: ['[ERROR] missing required field: text [json-pointer:/blocks/0/text]'] } }));
    const blocks = await postFails();
    expect(blocks.code).toBe('invalid_blocks');
    expect(blocks.variables).toMatchObject({ details: ['[ERROR] missing required field: text [json-pointer:/blocks/0/text]'] });
  });

  it('turns HTTP 429 with Retry-After into a retry error with that backoff, without retrying inside', async () => {
    slack.answer('chat.postMessage', HttpResponse.json({ ok: false, error: 'ratelimited' }, { status: 429, headers: { 'Retry-After': '30' } }));

    const error = await postFails();

    expect(error).toBeInstanceOf(ConnectorRetryError);
    expect(error.code).toBe('ratelimited');
    expect((error as ConnectorRetryError).backoffMs).toBe(30_000);
    expect(error.variables).toMatchObject({ retryAfterSeconds: 30 });
    expect(slack.requests).toHaveLength(1);
  });

  it('turns HTTP 429 without Retry-After into a retry error left to the task backoff', async () => {
    slack.answer('chat.postMessage', new HttpResponse(null, { status: 429 }));

    const error = await postFails();

    expect(error).toBeInstanceOf(ConnectorRetryError);
    expect(error.code).toBe('ratelimited');
    expect((error as ConnectorRetryError).backoffMs).toBeUndefined();
  });

  it('turns HTTP 500 into a ConnectorError coded "500", asked once', async () => {
    slack.answer('chat.postMessage', new HttpResponse('upstream broke', { status: 500, statusText: 'Internal Server Error' }));

    const error = await postFails();

    expect(error).not.toBeInstanceOf(ConnectorRetryError);
    expect(error.code).toBe('500');
    expect(error.message).toContain('HTTP 500');
    expect(slack.requests).toHaveLength(1);
  });

  it('turns an answer that is not Slack JSON into MALFORMED_RESPONSE', async () => {
    slack.answer('chat.postMessage', new HttpResponse('<html><body>Gateway page</body></html>', { status: 200, headers: { 'Content-Type': 'text/html' } }));
    const html = await postFails();
    expect(html.code).toBe('MALFORMED_RESPONSE');
    expect(html.message).not.toContain('<html>');

    slack.answer('chat.postMessage', HttpResponse.json({ ok: true, channel: 'C1' })); // no ts
    const missing = await postFails();
    expect(missing.code).toBe('MALFORMED_RESPONSE');

    slack.answer('chat.postMessage', HttpResponse.json({ hello: 'world' })); // no ok
    const noOk = await postFails();
    expect(noOk.code).toBe('MALFORMED_RESPONSE');
  });

  it('turns a network failure into the shared code CONNECTION_ERROR', async () => {
    slack.answer('chat.postMessage', HttpResponse.error());

    const error = await postFails();

    expect(error.code).toBe('CONNECTION_ERROR');
  });

  it('names refused connections, DNS and TLS failures with the shared codes', () => {
    const requestError = (code: string) => ({
      code: ErrorCode.RequestError,
      original: Object.assign(new Error('fetch failed'), { cause: Object.assign(new Error(code), { code }) }),
    });
    expect(slackFailure(requestError('ECONNREFUSED'), 'chat.postMessage', 'xoxb-t').code).toBe('CONNECTION_REFUSED');
    expect(slackFailure(requestError('ENOTFOUND'), 'chat.postMessage', 'xoxb-t').code).toBe('DNS_ERROR');
    expect(slackFailure(requestError('CERT_HAS_EXPIRED'), 'chat.postMessage', 'xoxb-t').code).toBe('TLS_ERROR');
    expect(slackFailure(requestError('EWHATEVER'), 'chat.postMessage', 'xoxb-t').code).toBe('CONNECTION_ERROR');
  });

  it('turns a job cancelled by the runtime (its signal aborted) into CANCELLED, sending nothing', async () => {
    slack.answer('chat.postMessage', HttpResponse.json({ ok: true, channel: 'C1', ts: '1.2' }));
    const shutdown = new AbortController();
    shutdown.abort();

    const error = await postFails([], shutdown.signal);

    expect(error.code).toBe('CANCELLED');
    expect(slack.requests).toHaveLength(0);
  });

  it('never puts the token in an error or a log line, whatever fails', async () => {
    const answers = [
      fail('invalid_auth'),
      HttpResponse.json({ ok: false, error: 'ratelimited' }, { status: 429, headers: { 'Retry-After': '5' } }),
      new HttpResponse(`bad gateway for ${TOKEN}`, { status: 502 }),
      new HttpResponse(`echo ${TOKEN}`, { status: 200 }),
      HttpResponse.json({ ok: false, error: 'invalid_arguments', response_metadata: { messages: [`[ERROR] token ${TOKEN}`] } }),
      HttpResponse.error(),
    ];
    for (const answer of answers) {
      const lines: string[] = [];
      slack.answer('chat.postMessage', answer);
      const error = await postFails(lines);
      expect(exposed(error)).not.toContain(TOKEN);
      expect(lines.join('\n')).not.toContain(TOKEN);
    }
    expect(slack.requests).toHaveLength(answers.length);
  });
});
