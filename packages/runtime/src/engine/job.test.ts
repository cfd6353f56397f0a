import { describe, expect, it } from 'vitest';
import { toActivatedJob } from './job.js';

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
