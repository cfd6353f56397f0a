import type { RuntimeHandle } from '@connectorkit/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unreliable, unreliableCalls } from '../src/connectors/index.js';
import { deploy, eventually, records, sameKey, testClient, type EngineRecord, type ZeebeClient } from './support/engine.js';
import { jobTypeOf, startTestRuntime } from './support/runtime.js';

let client: ZeebeClient;
let runtime: RuntimeHandle;

beforeAll(async () => {
  client = testClient();
  await deploy(client, 'retry.bpmn');
  runtime = await startTestRuntime([unreliable]);
});

afterAll(async () => {
  await runtime?.stop(5000);
  await client.close();
});

const forInstance = (key: string) => (r: EngineRecord) => sameKey(r.value.processInstanceKey, key);

describe('a connector that keeps failing', () => {
  it('is retried with the backoff of retryBackoff, then raises an incident with its message, and is not activated again', async () => {
    const instance = await client.createProcessInstance({ bpmnProcessId: 'e2e-retry', variables: { jobType: jobTypeOf(unreliable) } });
    const key = instance.processInstanceKey;

    // No REST API on the local engine: the incident is read from its exported records.
    const incident = await eventually('the incident', async () =>
      (await records('INCIDENT')).find((r) => r.intent === 'CREATED' && sameKey(r.value.processInstanceKey, key)),
    );
    expect(incident.value).toMatchObject({
      errorType: 'JOB_NO_RETRIES',
      elementId: 'call-upstream',
      errorMessage: 'upstream unavailable (attempt 3, 1 retries left)',
    });

    // Three attempts, each after the 1 s backoff of the one before.
    const calls = unreliableCalls.get(key) ?? [];
    expect(calls).toHaveLength(3);
    for (let i = 1; i < calls.length; i++) expect(calls[i]! - calls[i - 1]!).toBeGreaterThanOrEqual(1000);

    // The engine saw three failures counting the retries down, and activated the job three times only.
    const jobs = (await records('JOB')).filter(forInstance(key));
    const failed = jobs.filter((r) => r.intent === 'FAILED');
    expect(failed.map((r) => r.value.retries)).toEqual([2, 1, 0]);
    const jobKey = String(failed[0]!.key);
    const activations = (await records('JOB_BATCH')).filter(
      (r) => r.intent === 'ACTIVATED' && (r.value.jobKeys as unknown[]).some((k) => sameKey(k, jobKey)),
    );
    expect(activations).toHaveLength(3);
    expect(runtime.health().components.workers.details[jobTypeOf(unreliable)]).toMatchObject({ status: 'UP', inFlight: 0 });
    console.log(`[e2e] retry gaps (ms): ${calls.slice(1).map((t, i) => t - calls[i]!).join(', ')}`);
  });
});
