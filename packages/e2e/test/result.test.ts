import type { RuntimeHandle } from '@connectorkit/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calculator } from '../src/connectors/index.js';
import { deploy, testClient, type ZeebeClient } from './support/engine.js';
import { jobTypeOf, startTestRuntime } from './support/runtime.js';

let client: ZeebeClient;

beforeAll(async () => {
  client = testClient();
  await deploy(client, 'result.bpmn');
});

afterAll(async () => {
  await client.close();
});

describe.each([
  { mode: 'streaming', streamEnabled: true },
  { mode: 'polling', streamEnabled: false },
] as const)('result mapping ($mode)', ({ mode, streamEnabled }) => {
  let runtime: RuntimeHandle;

  beforeAll(async () => {
    runtime = await startTestRuntime([calculator], (c) => {
      c.worker.streamEnabled = streamEnabled;
    });
  });

  afterAll(async () => {
    await runtime?.stop(5000);
  });

  it(`serves the job type in ${mode} mode, and says so over HTTP`, async () => {
    expect(runtime.workers()).toEqual([expect.objectContaining({ type: jobTypeOf(calculator), mode, running: true })]);
    const ready = await fetch(`${runtime.url}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({
      status: 'UP',
      components: { engine: { status: 'UP', details: { gatewayVersion: expect.any(String) } }, workers: { details: { [jobTypeOf(calculator)]: { status: 'UP', mode } } } },
    });
    const listed = await (await fetch(`${runtime.url}/connectors/outbound`)).json();
    expect(listed).toEqual([{ id: 'e2e.calculator', name: 'E2E calculator', version: 1, type: jobTypeOf(calculator), status: 'UP' }]);
  });

  it('maps the connector response with resultVariable and resultExpression', async () => {
    const result = await client.createProcessInstanceWithResult({
      bpmnProcessId: 'e2e-result',
      variables: { jobType: jobTypeOf(calculator), a: 6, b: 7 },
      requestTimeout: 30_000,
    });
    expect(result.variables).toMatchObject({
      calculation: { sum: 13, product: 42 },
      total: 13,
      doubledProduct: 84,
    });
  });
});
