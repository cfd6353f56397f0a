import type { CorrelationResult } from '@connectorkit/sdk';
import { describe, expect, it } from 'vitest';
import { activate, handle, request } from './harness.js';

const base = { 'inbound.context': 'orders' };

describe('method filter', () => {
  it('accepts any method by default', async () => {
    const h = await activate(base);
    for (const method of ['GET', 'POST', 'PUT', 'DELETE', 'PATCH']) expect((await handle(h, request({ method }))).status).toBe(200);
  });

  it.each([['post'], ['POST']])('with method %s, answers another method with 405 and Camunda’s reason', async (method) => {
    const h = await activate({ ...base, 'inbound.method': method });
    expect((await handle(h, request({ method: 'POST' }))).status).toBe(200);
    expect(await handle(h, request({ method: 'GET' }))).toMatchObject({ status: 405, body: { reason: 'Method GET not supported' } });
    expect(h.correlations).toHaveLength(1);
    expect(h.activities[0]).toMatchObject({ severity: 'warning', tag: 'Method' });
  });
});

describe('correlation', () => {
  it('correlates { request: { body, headers, params }, connectorData } as Camunda’s webhook does', async () => {
    const h = await activate(base);
    await handle(h, request({ url: '/inbound/orders?id=7&tag=a&tag=b', body: { order: 42 }, headers: { 'x-trace': 't1' } }));
    expect(h.correlations[0]!.variables).toEqual({
      request: {
        body: { order: 42 },
        headers: { host: 'hooks.example.com', 'content-type': 'application/json', 'x-trace': 't1' },
        params: { id: '7', tag: ['a', 'b'] },
      },
      connectorData: {},
    });
  });

  it('passes an empty body as {} (as Camunda does)', async () => {
    const h = await activate(base);
    await handle(h, request({ method: 'GET' }));
    expect(h.correlations[0]!.variables).toMatchObject({ request: { body: {} } });
  });

  const failures: [string, CorrelationResult, number, unknown][] = [
    ['activation condition not met', { status: 'failed-permanent', code: 'ACTIVATION_CONDITION_NOT_MET', error: 'no match' }, 422, { consumeUnmatched: false }],
    [
      'invalid input',
      { status: 'failed-permanent', code: 'INVALID_INPUT', error: "Wasn't able to obtain correlation key for expression =request.body.id" },
      422,
      { message: "Wasn't able to obtain correlation key for expression =request.body.id" },
    ],
    ['engine rejected', { status: 'failed-permanent', code: 'ENGINE_REJECTED', error: 'NOT_FOUND', errorId: 'e-1' }, 500, { errorId: 'e-1' }],
    ['internal', { status: 'failed-retryable', code: 'INTERNAL', error: 'boom', errorId: 'e-2' }, 500, { errorId: 'e-2' }],
  ];

  it.each(failures)('answers %s with %#', async (_name, result, status, body) => {
    const h = await activate(base);
    h.failNext(result);
    const res = await handle(h, request({ body: { id: 1 } }));
    expect(res).toMatchObject({ status, body });
    expect(h.activities[0]).toMatchObject({ tag: 'Correlation', severity: status >= 500 ? 'error' : 'warning' });
  });

  it('answers an unavailable engine with 503 and Retry-After', async () => {
    const h = await activate(base);
    h.failNext({ status: 'failed-retryable', code: 'ENGINE_UNAVAILABLE', error: 'UNAVAILABLE: connection refused' });
    const res = await handle(h, request({ body: {} }));
    expect(res.status).toBe(503);
    expect(res.headers).toMatchObject({ 'retry-after': '5' });
  });

  it('names an internal failure without errorId by a new id, also written to the activity log', async () => {
    const h = await activate(base);
    h.failNext({ status: 'failed-retryable', code: 'INTERNAL', error: 'boom' });
    const res = await handle(h, request({ body: {} }));
    const errorId = (res.body as { errorId: string }).errorId;
    expect(res.status).toBe(500);
    expect(errorId).toMatch(/^[0-9a-f-]{36}$/);
    expect(h.activities[0]!.message).toContain(errorId);
  });

  it('answers an ignored event (activation condition not met, unmatched consumed) with 200', async () => {
    const h = await activate(base);
    h.failNext({ status: 'ignored', reason: 'activation condition not met' });
    expect(await handle(h, request({ body: {} }))).toEqual({ status: 200 });
  });
});

describe('verification expression', () => {
  const element = {
    ...base,
    'inbound.auth.type': 'APIKEY',
    'inbound.auth.apiKey': 'key',
    'inbound.verificationExpression':
      '=if request.body.type = "url_verification" then {body: {challenge: request.body.challenge}, statusCode: 200, headers: {"X-Echo": 1}} else null',
  };

  it('answers a challenge without correlating, before method and authorization checks (Camunda’s order)', async () => {
    const h = await activate({ ...element, 'inbound.method': 'put' });
    const res = await handle(h, request({ body: { type: 'url_verification', challenge: 'c-123' } }));
    expect(res).toEqual({ status: 200, headers: { 'x-echo': '1' }, body: { challenge: 'c-123' } });
    expect(h.correlations).toHaveLength(0);
    expect(h.activities[0]).toMatchObject({ tag: 'Verification', severity: 'info' });
  });

  it('goes on as usual when it gives null', async () => {
    const h = await activate(element);
    expect((await handle(h, request({ body: { type: 'event' } }))).status).toBe(401);
    expect((await handle(h, request({ body: { type: 'event' }, headers: { authorization: 'Bearer key' } }))).status).toBe(200);
    expect(h.correlations).toHaveLength(1);
  });

  it('reads query parameters (a GET challenge) and defaults the status to 200', async () => {
    const h = await activate({ ...base, 'inbound.verificationExpression': '=if get value(request.params, "hub.mode") = "subscribe" then {body: get value(request.params, "hub.challenge")} else null' });
    expect(await handle(h, request({ method: 'GET', url: '/inbound/orders?hub.mode=subscribe&hub.challenge=42' }))).toEqual({ status: 200, body: '42' });
  });

  it('answers 422 naming the property when it gives something that is no response', async () => {
    const h = await activate({ ...base, 'inbound.verificationExpression': '="just text"' });
    const res = await handle(h, request({ body: {} }));
    expect(res.status).toBe(422);
    expect(JSON.stringify(res.body)).toContain('inbound.verificationExpression');
    expect(h.correlations).toHaveLength(0);
  });
});

describe('response expressions', () => {
  it('answers with the response expression over request and correlation (template 11+)', async () => {
    const h = await activate({
      ...base,
      'inbound.responseExpression': '={statusCode: 201, headers: {"Content-Type": "application/json"}, body: {received: request.body.order, instance: correlation.processInstanceKey}}',
    });
    h.failNext({ status: 'correlated', processInstanceKey: '2251799813685300', elementId: 'start', bpmnProcessId: 'test-process' });
    expect(await handle(h, request({ body: { order: 42 } }))).toEqual({
      status: 201,
      headers: { 'content-type': 'application/json' },
      body: { received: 42, instance: '2251799813685300' },
    });
  });

  it('gives the correlation with tenant and duplicate flag, and null when the event was ignored', async () => {
    const h = await activate({ ...base, 'inbound.responseExpression': '={body: correlation}' });
    h.failNext({ status: 'correlated', messageKey: '9', elementId: 'start', bpmnProcessId: 'test-process', duplicate: true });
    expect((await handle(h, request({ body: {} }))).body).toEqual({
      messageKey: '9',
      elementId: 'start',
      bpmnProcessId: 'test-process',
      tenantId: '<default>',
      duplicate: true,
    });
    h.failNext({ status: 'ignored', reason: 'not met' });
    expect(await handle(h, request({ body: {} }))).toEqual({ status: 200 });
  });

  it('answers 200 empty when the response expression gives null', async () => {
    const h = await activate({ ...base, 'inbound.responseExpression': '=if false then {body: 1} else null' });
    expect(await handle(h, request({ body: {} }))).toEqual({ status: 200 });
  });

  it('answers with the legacy response body expression as a 200 body (templates before 11)', async () => {
    const h = await activate({ ...base, 'inbound.responseBodyExpression': '={ok: true, order: request.body.order}' });
    expect(await handle(h, request({ body: { order: 7 } }))).toEqual({ status: 200, body: { ok: true, order: 7 } });
  });

  it('prefers the response expression when both are set, and says so at activation', async () => {
    const h = await activate({ ...base, 'inbound.responseExpression': '={body: "new"}', 'inbound.responseBodyExpression': '="old"' });
    expect((await handle(h, request({ body: {} }))).body).toBe('new');
    expect(h.activities[0]).toMatchObject({ severity: 'warning', tag: 'Activation' });
  });

  it.each([['={statusCode: 42}'], ['={statusCode: "abc"}'], ['={headers: "x"}'], ['={headers: {a: {b: 1}}}']])(
    'answers 422 naming the property for the bad response %s',
    async (expression) => {
      const h = await activate({ ...base, 'inbound.responseExpression': expression });
      const res = await handle(h, request({ body: {} }));
      expect(res.status).toBe(422);
      expect(JSON.stringify(res.body)).toContain('inbound.responseExpression');
    },
  );

  it('refuses an expression that does not parse at activation', async () => {
    const error = await activate({ ...base, 'inbound.responseExpression': '={body: ' }).catch((e: unknown) => e);
    expect((error as { issues: { field: string }[] }).issues.map((i) => i.field)).toEqual(['inbound.responseExpression']);
  });
});
