import {
  ConnectorError,
  ConnectorRetryError,
  defineOutbound,
  p,
  silentLogger,
  staticSecrets,
  type ConnectorLogger,
  type OutboundContext,
} from '@connectorkit/sdk';
import { fakeJob } from '@connectorkit/sdk/testing';
import { describe, expect, it } from 'vitest';
import { executeJob, type ExecuteDeps } from './execute.js';

const SECRET = 'tok-s3cr3t-value';

const properties = {
  url: p.text({ label: 'URL', required: true }),
  token: p.text({ label: 'Token', secret: true }),
};

type Input = { url: string; token?: string };

/** A connector whose behaviour each test gives; it records what it saw. */
function connector(behaviour: (ctx: OutboundContext<Input>) => unknown) {
  const calls: OutboundContext<Input>[] = [];
  const def = defineOutbound({
    id: 'test.tiny',
    name: 'Tiny',
    version: 1,
    type: 'test:tiny',
    properties,
    execute: async (ctx) => {
      calls.push(ctx);
      return behaviour(ctx);
    },
  });
  // Definitions are frozen: the recorded calls ride on a copy.
  return { ...def, calls };
}

function deps(overrides: Partial<ExecuteDeps> = {}): ExecuteDeps {
  return { secrets: staticSecrets({ API_TOKEN: SECRET }), logger: silentLogger, signal: new AbortController().signal, ...overrides };
}

function job(headers: Record<string, string> = {}, variables: Record<string, unknown> = { url: 'https://example.test/orders' }, retries = 3) {
  return { info: fakeJob('test:tiny', { customHeaders: headers, retries }), variables };
}

const respond = (response: unknown) => connector(() => response);
const fail = (error: unknown) =>
  connector(() => {
    throw error;
  });

describe('executeJob: success', () => {
  it('passes the bound input, the job and the signal to the connector', async () => {
    const c = respond({ ok: true });
    const controller = new AbortController();
    await executeJob(c, job({}, { url: 'https://x.test', token: '{{secrets.API_TOKEN}}', extra: 1 }), deps({ signal: controller.signal }));
    expect(c.calls[0]!.input).toEqual({ url: 'https://x.test', token: SECRET });
    expect(c.calls[0]!.job.type).toBe('test:tiny');
    expect(c.calls[0]!.signal).toBe(controller.signal);
  });

  it('completes without variables when no result header is set', async () => {
    expect(await executeJob(respond({ status: 200 }), job(), deps())).toEqual({ action: 'complete', kind: 'completed', variables: {} });
  });

  it('stores the whole response under resultVariable', async () => {
    const outcome = await executeJob(respond({ status: 200, body: { id: 7 } }), job({ resultVariable: 'result' }), deps());
    expect(outcome).toEqual({ action: 'complete', kind: 'completed', variables: { result: { status: 200, body: { id: 7 } } } });
  });

  it('maps the response with resultExpression through `response`', async () => {
    const outcome = await executeJob(respond({ status: 201, body: { id: 7 } }), job({ resultExpression: '={ status: response.status, id: response.body.id }' }), deps());
    expect(outcome).toEqual({ action: 'complete', kind: 'completed', variables: { status: 201, id: 7 } });
  });

  it('gives resultExpression the top-level fields of the response', async () => {
    const outcome = await executeJob(respond({ status: 204 }), job({ resultExpression: '={ s: status }' }), deps());
    expect(outcome.action === 'complete' && outcome.variables).toEqual({ s: 204 });
  });

  it('applies resultVariable and resultExpression together', async () => {
    const outcome = await executeJob(respond({ status: 200 }), job({ resultVariable: 'raw', resultExpression: '={ code: status }' }), deps());
    expect(outcome.action === 'complete' && outcome.variables).toEqual({ raw: { status: 200 }, code: 200 });
  });

  it('gives a non-object response to resultExpression as `response` only', async () => {
    const outcome = await executeJob(respond('plain text'), job({ resultExpression: '={ text: response }' }), deps());
    expect(outcome.action === 'complete' && outcome.variables).toEqual({ text: 'plain text' });
  });

  it('stores dates as ISO strings, as process variables hold them', async () => {
    const outcome = await executeJob(respond({ at: new Date(0) }), job({ resultVariable: 'r' }), deps());
    expect(outcome.action === 'complete' && outcome.variables).toEqual({ r: { at: '1970-01-01T00:00:00.000Z' } });
  });

  it('raises an incident when resultExpression does not return a context, without showing the value', async () => {
    const outcome = await executeJob(respond({ status: 200, token: 'private-data' }), job({ resultExpression: '=token' }), deps());
    expect(outcome).toMatchObject({ action: 'fail', kind: 'expression-error', retries: 0 });
    expect(outcome.action === 'fail' && outcome.errorMessage).toBe('resultExpression must return a context, got a string');
  });

  it('raises an incident when the response cannot become variables', async () => {
    const outcome = await executeJob(respond({ big: 10n }), job({ resultVariable: 'r' }), deps());
    expect(outcome).toMatchObject({ action: 'fail', kind: 'invalid-result', retries: 0 });
  });

  it('evaluates errorExpression on success against the response and throws a BPMN error from it', async () => {
    const outcome = await executeJob(
      respond({ status: 'REJECTED', reason: 'credit limit' }),
      job({ errorExpression: '=if status = "REJECTED" then bpmnError("ORDER_REJECTED", reason, { why: response.reason }) else null' }),
      deps(),
    );
    expect(outcome).toEqual({
      action: 'error',
      kind: 'bpmn-error',
      errorCode: 'ORDER_REJECTED',
      errorMessage: 'credit limit',
      variables: { why: 'credit limit' },
    });
  });

  it('evaluates errorExpression on success against the mapped variables when there are some', async () => {
    const headers = {
      resultExpression: '={ outcome: response.status }',
      errorExpression: '=if outcome = "REJECTED" and response.outcome = "REJECTED" then bpmnError("R", "mapped") else null',
    };
    expect(await executeJob(respond({ status: 'REJECTED' }), job(headers), deps())).toMatchObject({ action: 'error', errorCode: 'R' });
    expect(await executeJob(respond({ status: 'OK' }), job(headers), deps())).toEqual({
      action: 'complete',
      kind: 'completed',
      variables: { outcome: 'OK' },
    });
  });
});

describe('executeJob: errorExpression on failure', () => {
  const notFound = () => new ConnectorError('404', 'order 7 not found', { variables: { status: 404, body: { detail: 'gone' } } });

  it('turns a connector error code into a BPMN error with code, message and variables', async () => {
    const outcome = await executeJob(
      fail(notFound()),
      job({ errorExpression: '=if error.code = "404" then bpmnError("NOT_FOUND", error.message, { detail: error.variables.body.detail }) else null' }),
      deps(),
    );
    expect(outcome).toEqual({
      action: 'error',
      kind: 'bpmn-error',
      errorCode: 'NOT_FOUND',
      errorMessage: 'order 7 not found',
      variables: { detail: 'gone' },
    });
  });

  it('sees the error type and the job retries', async () => {
    const outcome = await executeJob(
      fail(notFound()),
      job({ errorExpression: '=bpmnError(error.type, string(job.retries))' }, undefined, 5),
      deps(),
    );
    expect(outcome).toMatchObject({ action: 'error', errorCode: 'ConnectorError', errorMessage: '5' });
  });

  it('fails the job as jobError says, with retries and backoff', async () => {
    const outcome = await executeJob(
      fail(notFound()),
      job({ errorExpression: '=jobError("retry later: " + error.message, { attempt: job.retries }, job.retries - 1, duration("PT5S"))' }),
      deps(),
    );
    expect(outcome).toEqual({
      action: 'fail',
      kind: 'job-error',
      errorMessage: 'retry later: order 7 not found',
      retries: 2,
      retryBackoffMs: 5000,
      variables: { attempt: 3, error: 'retry later: order 7 not found' },
    });
  });

  it('defaults jobError to no retries and no backoff', async () => {
    const outcome = await executeJob(fail(notFound()), job({ errorExpression: '=jobError("give up")', retryBackoff: 'PT1M' }), deps());
    expect(outcome).toMatchObject({ action: 'fail', kind: 'job-error', retries: 0, retryBackoffMs: 0, errorMessage: 'give up' });
  });

  it('completes the job with only the variables of ignoreError', async () => {
    const outcome = await executeJob(
      fail(notFound()),
      job({ resultVariable: 'result', errorExpression: '=if error.code = "404" then ignoreError({ found: false }) else null' }),
      deps(),
    );
    expect(outcome).toEqual({ action: 'complete', kind: 'ignored-error', variables: { found: false } });
  });

  it('takes the default path when the expression returns null or {}', async () => {
    for (const errorExpression of ['=if error.code = "500" then bpmnError("X", "y") else null', '={}']) {
      const outcome = await executeJob(fail(notFound()), job({ errorExpression, retryBackoff: 'PT10S' }), deps());
      expect(outcome).toMatchObject({ action: 'fail', kind: 'failed', retries: 2, retryBackoffMs: 10_000, errorMessage: 'order 7 not found' });
    }
  });

  it('ignores a BPMN error without a code', async () => {
    const outcome = await executeJob(fail(notFound()), job({ errorExpression: '=bpmnError("", "no code")' }), deps());
    expect(outcome).toMatchObject({ action: 'fail', kind: 'failed', retries: 2 });
  });

  it('raises an incident naming errorExpression when it does not parse, before calling the connector', async () => {
    const c = respond({ ok: true });
    const outcome = await executeJob(c, job({ errorExpression: '=if error.code = "404" then bpmnError("NF" else null' }), deps());
    expect(outcome).toMatchObject({ action: 'fail', kind: 'expression-error', retries: 0 });
    expect(outcome.action === 'fail' && outcome.errorMessage).toMatch(/^Invalid errorExpression header: the FEEL expression does not parse: /);
    expect(c.calls).toHaveLength(0);
  });

  it('raises an incident when errorExpression calls an unknown function', async () => {
    const outcome = await executeJob(fail(notFound()), job({ errorExpression: '=bpmnErorr("X", error.message)' }), deps());
    expect(outcome).toMatchObject({ action: 'fail', kind: 'expression-error', retries: 0 });
    expect(outcome.action === 'fail' && outcome.errorMessage).toContain('errorExpression failed: no such function');
  });

  it('raises an incident when errorExpression returns something that is not a directive', async () => {
    const outcome = await executeJob(fail(notFound()), job({ errorExpression: '=error.message' }), deps());
    expect(outcome).toMatchObject({ action: 'fail', kind: 'expression-error', retries: 0 });
    expect(outcome.action === 'fail' && outcome.errorMessage).toBe(
      'errorExpression: must return bpmnError(...), jobError(...), ignoreError(...) or null, got a string',
    );
  });
});

describe('executeJob: default failure path', () => {
  it('fails a plain Error with one retry less and the retryBackoff header', async () => {
    const outcome = await executeJob(fail(new TypeError('socket hang up')), job({ retryBackoff: 'PT30S' }), deps());
    expect(outcome).toEqual({
      action: 'fail',
      kind: 'failed',
      errorMessage: 'socket hang up',
      retries: 2,
      retryBackoffMs: 30_000,
      variables: { error: { type: 'TypeError', message: 'socket hang up' } },
    });
  });

  it('uses no backoff without the header', async () => {
    expect(await executeJob(fail(new Error('x')), job(), deps())).toMatchObject({ retries: 2, retryBackoffMs: 0 });
  });

  it('passes a connector error code into the failure variables', async () => {
    const outcome = await executeJob(fail(new ConnectorError('429', 'slow down', { variables: { retryAfter: 3 } })), job(), deps());
    expect(outcome.action === 'fail' && outcome.variables).toEqual({
      error: { type: 'ConnectorError', message: 'slow down', code: '429', variables: { retryAfter: 3 } },
    });
  });

  it('lets a ConnectorRetryError set its retries and backoff', async () => {
    const outcome = await executeJob(fail(new ConnectorRetryError('busy', { retries: 7, backoff: 'PT2M' })), job({ retryBackoff: 'PT1S' }), deps());
    expect(outcome).toMatchObject({ action: 'fail', kind: 'failed', retries: 7, retryBackoffMs: 120_000, errorMessage: 'busy' });
  });

  it('falls back to job retries - 1 and the header for what a ConnectorRetryError leaves out', async () => {
    const outcome = await executeJob(fail(new ConnectorRetryError('busy')), job({ retryBackoff: 'PT1S' }, undefined, 4), deps());
    expect(outcome).toMatchObject({ retries: 3, retryBackoffMs: 1000 });
  });

  it('raises an incident for invalid input, naming the field, without calling the connector', async () => {
    const c = respond({});
    const outcome = await executeJob(c, job({}, { token: 'abc' }), deps());
    expect(outcome).toMatchObject({ action: 'fail', kind: 'input-error', retries: 0 });
    expect(outcome.action === 'fail' && outcome.errorMessage).toBe('Invalid input: url: is required');
    expect(c.calls).toHaveLength(0);
  });

  it('raises an incident for a missing secret, naming the secret', async () => {
    const outcome = await executeJob(respond({}), job({}, { url: 'https://x.test', token: '{{secrets.NOPE}}' }), deps());
    expect(outcome).toMatchObject({ action: 'fail', kind: 'input-error', retries: 0 });
    expect(outcome.action === 'fail' && outcome.errorMessage).toContain("'NOPE'");
  });

  it('fails a thrown string with a readable message', async () => {
    const outcome = await executeJob(fail('upstream exploded'), job(), deps());
    expect(outcome).toMatchObject({ action: 'fail', kind: 'failed', retries: 2, errorMessage: 'upstream exploded' });
    expect(outcome.action === 'fail' && outcome.variables).toEqual({ error: { type: 'UnknownError', message: 'upstream exploded' } });
  });

  it('fails a thrown plain object with a readable message', async () => {
    const withMessage = await executeJob(fail({ message: 'from an object' }), job(), deps());
    expect(withMessage).toMatchObject({ errorMessage: 'from an object' });
    const without = await executeJob(fail({ status: 503 }), job(), deps());
    expect(without).toMatchObject({ errorMessage: 'The connector threw a value that is not an Error: {"status":503}' });
  });

  it('raises an incident for an invalid retryBackoff header without calling the connector', async () => {
    const c = respond({});
    const outcome = await executeJob(c, job({ retryBackoff: '30 seconds' }), deps());
    expect(outcome).toMatchObject({ action: 'fail', kind: 'invalid-header', retries: 0 });
    expect(outcome.action === 'fail' && outcome.errorMessage).toContain('Invalid retryBackoff header');
    expect(c.calls).toHaveLength(0);
  });

  it('truncates long messages to 6000 characters', async () => {
    const outcome = await executeJob(fail(new Error('x'.repeat(10_000))), job(), deps());
    expect(outcome.action === 'fail' && outcome.errorMessage).toHaveLength(6000);
  });
});

describe('executeJob: secrets', () => {
  const withToken = { url: 'https://x.test', token: '{{secrets.API_TOKEN}}' };

  it('masks a secret thrown back in the message and the variables', async () => {
    const echo = connector(({ input }) => {
      throw new ConnectorError('401', `token ${input.token} rejected`, { variables: { sent: input.token, nested: [`Bearer ${input.token}`] } });
    });
    const outcome = await executeJob(echo, job({}, withToken), deps());
    expect(outcome.action).toBe('fail');
    if (outcome.action !== 'fail') return;
    expect(outcome.errorMessage).toBe('token *** rejected');
    expect(outcome.variables).toEqual({
      error: { type: 'ConnectorError', message: 'token *** rejected', code: '401', variables: { sent: '***', nested: ['Bearer ***'] } },
    });
    expect(JSON.stringify(outcome)).not.toContain(SECRET);
  });

  it('masks a secret an error expression copies into a BPMN error or ignoreError', async () => {
    const echo = connector(({ input }) => {
      throw new ConnectorError('401', `token ${input.token} rejected`, { variables: { sent: input.token } });
    });
    const bpmn = await executeJob(echo, job({ errorExpression: '=bpmnError("AUTH", error.message, { v: error.variables.sent })' }, withToken), deps());
    expect(bpmn).toMatchObject({ action: 'error', errorMessage: 'token *** rejected', variables: { v: '***' } });
    const ignored = await executeJob(echo, job({ errorExpression: '=ignoreError({ m: error.message })' }, withToken), deps());
    expect(ignored).toEqual({ action: 'complete', kind: 'ignored-error', variables: { m: 'token *** rejected' } });
  });

  it('masks the error before the expression sees it, so a cut-out part of a secret cannot leak', async () => {
    const echo = connector(({ input }) => {
      throw new Error(`token ${input.token} rejected`);
    });
    const outcome = await executeJob(echo, job({ errorExpression: '=bpmnError("AUTH", substring(error.message, 8))' }, withToken), deps());
    expect(outcome).toMatchObject({ action: 'error', errorCode: 'AUTH' });
    expect(JSON.stringify(outcome)).not.toContain('s3cr3t');
  });

  it('masks a secret echoed by a response that an error expression turns into a BPMN error', async () => {
    const echo = connector(({ input }) => ({ status: 'DENIED', detail: `key ${input.token} is revoked` }));
    const outcome = await executeJob(echo, job({ errorExpression: '=if status = "DENIED" then bpmnError("DENIED", detail) else null' }, withToken), deps());
    expect(outcome).toMatchObject({ action: 'error', errorMessage: 'key *** is revoked' });
  });

  it('masks secrets in what the connector logs', async () => {
    const lines: unknown[] = [];
    const record = (obj: object | string, msg?: string) => void lines.push([obj, msg]);
    const logger: ConnectorLogger = { debug: record, info: record, warn: record, error: record };
    const chatty = connector(({ input, log }) => {
      log.info({ token: input.token }, `calling with ${input.token}`);
      log.error(new Error(`bad ${input.token}`));
      return {};
    });
    await executeJob(chatty, job({}, withToken), deps({ logger }));
    expect(lines.length).toBeGreaterThanOrEqual(2);
    expect(JSON.stringify(lines)).not.toContain(SECRET);
    expect(JSON.stringify(lines)).toContain('calling with ***');
  });
});

describe('executeJob: never throws', () => {
  it('still yields an outcome when the logger throws', async () => {
    const broken: ConnectorLogger = {
      debug() {
        throw new Error('log down');
      },
      info() {
        throw new Error('log down');
      },
      warn() {
        throw new Error('log down');
      },
      error() {
        throw new Error('log down');
      },
    };
    expect(await executeJob(fail(new Error('x')), job(), deps({ logger: broken }))).toMatchObject({ action: 'fail', retries: 2 });
  });

  it('still yields an outcome when the secret provider throws', async () => {
    const secrets = {
      getSecret() {
        throw new Error('vault unreachable');
      },
    };
    const outcome = await executeJob(respond({}), job({}, { url: 'https://x.test', token: '{{secrets.API_TOKEN}}' }), deps({ secrets }));
    expect(outcome).toMatchObject({ action: 'fail', kind: 'failed', retries: 2, errorMessage: 'vault unreachable' });
  });
});
