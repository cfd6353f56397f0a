import { describe, expect, it } from 'vitest';
import { TolerantVariables, toActivatedJob } from './job.js';

class LosslessLike {
  constructor(fields: Record<string, unknown>) {
    Object.assign(this, fields);
  }
}

describe('toActivatedJob', () => {
  it('gives keys as strings, the deadline as epoch ms, headers as strings and variables as a plain object', () => {
    const job = toActivatedJob({
      key: '2251799813685299',
      type: 'io.camunda:http-json:1',
      processInstanceKey: '2251799813685290',
      processDefinitionKey: '2251799813685280',
      bpmnProcessId: 'order',
      elementId: 'call',
      elementInstanceKey: '2251799813685298',
      retries: 3,
      deadline: '1795824674401',
      customHeaders: new LosslessLike({ resultVariable: 'r', odd: 5 }),
      variables: new LosslessLike({ url: 'https://x', nested: { a: 1 } }),
      tenantId: '<default>',
    });
    expect(job.info).toEqual({
      key: '2251799813685299',
      type: 'io.camunda:http-json:1',
      processInstanceKey: '2251799813685290',
      processDefinitionKey: '2251799813685280',
      bpmnProcessId: 'order',
      elementId: 'call',
      elementInstanceKey: '2251799813685298',
      retries: 3,
      deadline: 1795824674401,
      customHeaders: { resultVariable: 'r', odd: '5' },
      tenantId: '<default>',
    });
    expect(Object.getPrototypeOf(job.variables)).toBe(Object.prototype);
    expect(job.variables).toEqual({ url: 'https://x', nested: { a: 1 } });
  });
});

describe('TolerantVariables (the SDK parses job variables with it)', () => {
  // The SDK's own parser, as its job stream and activation call run it.
  const parse = async (json: string): Promise<unknown> => {
    const { parseVariablesAndCustomHeadersToJSON } = (await import('@camunda8/sdk/dist/zeebe/lib/stringifyVariables.js')) as unknown as {
      parseVariablesAndCustomHeadersToJSON: (r: unknown, v: unknown, h: unknown) => { variables: unknown };
    };
    return parseVariablesAndCustomHeadersToJSON({ variables: json, customHeaders: '{}' }, TolerantVariables, undefined).variables;
  };
  const sdkJob = (variables: unknown) => ({
    key: '1',
    type: 't',
    processInstanceKey: '2',
    bpmnProcessId: 'p',
    elementId: 'e',
    elementInstanceKey: '3',
    retries: 3,
    deadline: 0,
    variables,
  });

  it('reads an integer beyond 2^53 without throwing (so the SDK prints nothing) and reports where it is', async () => {
    const variables = await parse('{"amount": 12345678901234567890, "order": {"lines": [{"id": -9007199254740993}]}, "ok": 9007199254740991, "f": 0.1}');
    const job = toActivatedJob(sdkJob(variables));
    expect(job.unreadable?.map((u) => u.path)).toEqual(['amount', 'order.lines[0].id']);
    expect(job.unreadable?.[0]?.rule).toContain('integer of 20 digits');
    expect(job.variables.ok).toBe(9007199254740991);
    expect(job.variables.f).toBe(0.1);
  });

  it('leaves ordinary variables as JSON.parse reads them, with no report', async () => {
    const json = '{"a": 1, "b": [1.5, "x", null, true], "c": {"d": {"e": -3}}}';
    const job = toActivatedJob(sdkJob(await parse(json)));
    expect(job.variables).toEqual(JSON.parse(json));
    expect(job.unreadable).toBeUndefined();
  });
});
