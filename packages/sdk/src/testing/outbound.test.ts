import { describe, expect, it } from 'vitest';
import { ConnectorError, ConnectorRetryError, defineOutbound, p } from '../index.js';
import { createOutboundContext, runOutbound, runOutboundJob } from './index.js';

const SECRET = 'k3y-very-secret';

function orders(behaviour: (input: { id: string; key?: string }) => unknown) {
  return defineOutbound({
    id: 'test.orders',
    name: 'Orders',
    version: 1,
    type: 'test:orders:1',
    properties: {
      id: p.text({ label: 'Order id', required: true }),
      key: p.text({ label: 'API key', secret: true }),
    },
    execute: async ({ input }) => behaviour(input),
  });
}

const found = orders((input) => ({ status: 200, body: { id: input.id, total: 42 } }));
const failing = (error: unknown) =>
  orders(() => {
    throw error;
  });

describe('runOutboundJob: the outcome the runtime would send', () => {
  it('completes with the result variable and the result expression applied', async () => {
    const outcome = await runOutboundJob(found, {
      variables: { id: 'o-1' },
      headers: { resultVariable: 'order', resultExpression: '={ total: body.total, ok: response.status = 200 }' },
    });
    expect(outcome).toEqual({
      action: 'complete',
      kind: 'completed',
      variables: { order: { status: 200, body: { id: 'o-1', total: 42 } }, total: 42, ok: true },
    });
  });

  it('completes with no variables when no output header is set', async () => {
    expect(await runOutboundJob(found, { variables: { id: 'o-1' } })).toEqual({ action: 'complete', kind: 'completed', variables: {} });
  });

  it('throws a BPMN error the error expression asks for on success', async () => {
    const outcome = await runOutboundJob(found, {
      variables: { id: 'o-1' },
      headers: { errorExpression: '=if body.total > 10 then bpmnError("TOO_BIG", "total " + string(body.total)) else null' },
    });
    expect(outcome).toEqual({ action: 'error', kind: 'bpmn-error', errorCode: 'TOO_BIG', errorMessage: 'total 42' });
  });

  it('routes a connector error by its code, with the secrets masked', async () => {
    const outcome = await runOutboundJob(failing(new ConnectorError('404', `not found with ${SECRET}`, { variables: { k: SECRET } })), {
      variables: { id: 'o-1', key: '{{secrets.KEY}}' },
      secrets: { KEY: SECRET },
      headers: { errorExpression: '=if error.code = "404" then bpmnError("NOT_FOUND", error.message, error.variables) else null' },
    });
    expect(outcome).toEqual({ action: 'error', kind: 'bpmn-error', errorCode: 'NOT_FOUND', errorMessage: 'not found with ***', variables: { k: '***' } });
  });

  it('fails with the job retries minus one and the retryBackoff header', async () => {
    const outcome = await runOutboundJob(failing(new ConnectorError('500', 'server error')), {
      variables: { id: 'o-1' },
      headers: { retryBackoff: 'PT30S' },
      job: { retries: 5 },
    });
    expect(outcome).toMatchObject({ action: 'fail', kind: 'failed', errorMessage: 'server error', retries: 4, retryBackoffMs: 30_000 });
    expect(outcome.action === 'fail' && outcome.variables).toEqual({ error: { type: 'ConnectorError', message: 'server error', code: '500' } });
  });

  it("keeps a retry error's own retries and backoff", async () => {
    const outcome = await runOutboundJob(failing(new ConnectorRetryError('slow down', { retries: 9, backoff: 'PT2M', code: 'RATE_LIMITED' })), {
      variables: { id: 'o-1' },
      headers: { retryBackoff: 'PT1S' },
    });
    expect(outcome).toMatchObject({ action: 'fail', kind: 'failed', retries: 9, retryBackoffMs: 120_000 });
  });

  it('fails with jobError(...) from the error expression', async () => {
    const outcome = await runOutboundJob(failing(new ConnectorError('429', 'busy')), {
      variables: { id: 'o-1' },
      headers: { errorExpression: '=jobError("try later", {reason: error.code}, 2, @"PT10S")' },
    });
    expect(outcome).toEqual({
      action: 'fail',
      kind: 'job-error',
      errorMessage: 'try later',
      retries: 2,
      retryBackoffMs: 10_000,
      variables: { reason: '429', error: 'try later' },
    });
  });

  it('completes an ignored error with its variables', async () => {
    const outcome = await runOutboundJob(failing(new ConnectorError('404', 'gone')), {
      variables: { id: 'o-1' },
      headers: { errorExpression: '=ignoreError({found: false})' },
    });
    expect(outcome).toEqual({ action: 'complete', kind: 'ignored-error', variables: { found: false } });
  });

  it('turns invalid input into a failure without retries, naming the field and not calling the connector', async () => {
    let called = false;
    const outcome = await runOutboundJob(
      orders(() => {
        called = true;
      }),
      { variables: {} },
    );
    expect(called).toBe(false);
    expect(outcome).toMatchObject({ action: 'fail', kind: 'input-error', retries: 0, errorMessage: 'Invalid input: id: is required' });
  });

  it('reports a missing secret as an input error', async () => {
    const outcome = await runOutboundJob(found, { variables: { id: 'o-1', key: '{{secrets.NOPE}}' } });
    expect(outcome).toMatchObject({ action: 'fail', kind: 'input-error', retries: 0, errorMessage: "Secret not available: 'NOPE'" });
  });

  it('refuses a header that does not parse before calling the connector', async () => {
    expect(await runOutboundJob(found, { variables: { id: 'o-1' }, headers: { retryBackoff: 'soon' } })).toMatchObject({
      action: 'fail',
      kind: 'invalid-header',
      retries: 0,
    });
    expect(await runOutboundJob(found, { variables: { id: 'o-1' }, headers: { resultExpression: '={ a: ' } })).toMatchObject({
      action: 'fail',
      kind: 'expression-error',
      retries: 0,
    });
  });
});

describe('runOutbound and createOutboundContext bind as runOutboundJob does', () => {
  it('replace secrets and validate through the same pipeline', async () => {
    const seen: unknown[] = [];
    const c = orders((input) => seen.push(input));
    await runOutbound(c, { variables: { id: 'o-2', key: '{{secrets.KEY}}', extra: true }, secrets: { KEY: SECRET } });
    expect(seen).toEqual([{ id: 'o-2', key: SECRET }]);
    await expect(createOutboundContext(c, { variables: { id: '' } })).rejects.toThrow('Invalid input: id: must not be empty');
  });
});
