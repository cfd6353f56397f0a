import { RuntimeMetrics, type RuntimeHandle } from '@connectorkit/runtime';
import { lazyLoad } from '@connectorkit/sdk';
import { afterAll, describe, expect, it } from 'vitest';
import { calculator } from '../src/connectors/index.js';
import { startTestRuntime } from './support/runtime.js';

let runtime: RuntimeHandle | undefined;

afterAll(async () => {
  await runtime?.stop(5000);
});

async function eventually(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const until = Date.now() + 10_000;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`not within 10 s: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('what start-up leaves for later', () => {
  it('is loaded once the runtime is ready, before any job needs it: lazy libraries and the process metrics', async () => {
    let loads = 0;
    const library = lazyLoad('e2e: a connector library', async () => {
      loads++;
      return { client: true };
    });
    const metrics = new RuntimeMetrics();
    const processMetricNames = async () => (await metrics.registry.getMetricsAsJSON()).map((m) => m.name);
    expect(await processMetricNames()).not.toContain('process_cpu_user_seconds_total');

    runtime = await startTestRuntime([calculator], () => {}, { metrics });
    await eventually(() => loads === 1, 'the lazy library loaded after ready');
    await eventually(async () => (await processMetricNames()).includes('process_cpu_user_seconds_total'), 'process metrics collected after ready, without a scrape');
    await expect(library()).resolves.toEqual({ client: true });
    expect(loads).toBe(1);
  });
});
