import { defineOutbound } from '@connectorkit/sdk';

/** Job type of the no-op connector (the runtime side of the benchmark). */
export const NOOP_JOB_TYPE = 'bench:noop:1';

/**
 * A connector that does nothing: no properties, returns `{}`. What the benchmark measures is
 * therefore the runtime's own cost per job (activation, binding, outcome, acknowledgement).
 */
const noop = defineOutbound({
  id: 'io.connectorkit.bench.noop',
  name: 'Benchmark no-op',
  version: 1,
  type: NOOP_JOB_TYPE,
  description: 'Does nothing; used by tools/bench to measure the runtime overhead per job.',
  properties: {},
  execute: () => ({}),
});

export default noop;
