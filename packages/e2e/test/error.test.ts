import type { RuntimeHandle } from '@connectorkit/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lookup } from '../src/connectors/index.js';
import { deploy, testClient, type ZeebeClient } from './support/engine.js';
import { jobTypeOf, startTestRuntime } from './support/runtime.js';

let client: ZeebeClient;
let runtime: RuntimeHandle;

beforeAll(async () => {
  client = testClient();
  await deploy(client, 'error.bpmn');
  runtime = await startTestRuntime([lookup]);
});

afterAll(async () => {
  await runtime?.stop(5000);
  await client.close();
});

describe('errorExpression', () => {
  it('turns a connector error into a BPMN error that the boundary event catches, with its variables', async () => {
    const result = await client.createProcessInstanceWithResult({
      bpmnProcessId: 'e2e-error',
      variables: { jobType: jobTypeOf(lookup), itemId: 'missing-42' },
      requestTimeout: 30_000,
    });
    expect(result.variables).toMatchObject({ viaBoundary: true, missingId: 'missing-42' });
    expect(result.variables).not.toHaveProperty('item');
  });

  it('leaves a successful call on the normal path', async () => {
    const result = await client.createProcessInstanceWithResult({
      bpmnProcessId: 'e2e-error',
      variables: { jobType: jobTypeOf(lookup), itemId: 'present-1' },
      requestTimeout: 30_000,
    });
    expect(result.variables).toMatchObject({ item: { name: 'item present-1' } });
    expect(result.variables).not.toHaveProperty('viaBoundary');
  });
});
