import { defineOutbound } from '@connectorkit/sdk';

/** When each call started (epoch ms), by process instance: the test reads the retry timing from it. */
export const unreliableCalls = new Map<string, number[]>();

/** Always fails as a technical error would (a plain Error): the job is retried, then an incident. */
export const unreliable = defineOutbound({
  id: 'e2e.unreliable',
  name: 'E2E unreliable',
  version: 1,
  type: 'e2e:unreliable:1',
  properties: {},
  execute: ({ job }) => {
    const calls = unreliableCalls.get(job.processInstanceKey) ?? [];
    calls.push(Date.now());
    unreliableCalls.set(job.processInstanceKey, calls);
    throw new Error(`upstream unavailable (attempt ${calls.length}, ${job.retries} retries left)`);
  },
});
