import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { RuntimeHandle } from '@connectorkit/runtime';
import { createEngineClient, type EngineClient } from '@connectorkit/runtime/internals';
import { silentLogger } from '@connectorkit/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calculator } from '../src/connectors/index.js';

/**
 * An engine outage, for real: this file starts a second local engine of its own (other ports),
 * stops it under the running runtime and starts it again.
 */
const ENGINE_TOOL = resolve(dirname(fileURLToPath(import.meta.url)), '../../../tools/engine/engine.mjs');
const PORTS = { grpcPort: Number(process.env.E2E_OUTAGE_GRPC_PORT ?? 26811), healthPort: Number(process.env.E2E_OUTAGE_HEALTH_PORT ?? 9811) };

interface EngineTool {
  startEngine(o: typeof PORTS): Promise<{ grpcAddress: string }>;
  stopEngine(o: typeof PORTS): Promise<unknown>;
}

let tool: EngineTool;
let runtime: RuntimeHandle | undefined;
let support: typeof import('./support/engine.js');
let client: import('./support/engine.js').ZeebeClient;
let jobType: string;
/** A second engine client of the runtime's kind, whose connection watch this test follows. */
let watched: EngineClient | undefined;

beforeAll(async () => {
  tool = (await import(pathToFileURL(ENGINE_TOOL).href)) as EngineTool;
  const engine = await tool.startEngine(PORTS);
  // The SDK reads its address when first imported: point it at this engine, then import.
  process.env.ZEEBE_GRPC_ADDRESS = engine.grpcAddress;
  support = await import('./support/engine.js');
  const { startTestRuntime, jobTypeOf } = await import('./support/runtime.js');
  jobType = jobTypeOf(calculator);
  client = support.testClient();
  runtime = await startTestRuntime([calculator], () => {}, { engineProbeIntervalMs: 500, workerTuning: { watchdogIntervalMs: 500 } });
}, 120_000);

afterAll(async () => {
  await runtime?.stop(5000);
  await watched?.close(1000);
  await client?.close();
  await tool?.stopEngine(PORTS);
});

async function calculate(a: number, b: number): Promise<unknown> {
  await support.eventually('the engine to accept a deployment', async () => {
    await support.deploy(client, 'result.bpmn');
    return true;
  });
  const result = await client.createProcessInstanceWithResult({ bpmnProcessId: 'e2e-result', variables: { jobType, a, b }, requestTimeout: 30_000 });
  return result.variables.total;
}

describe('an engine outage', () => {
  it('shows in readiness, and once the engine is back the stream is reopened and jobs are served again', async () => {
    expect(await calculate(1, 2)).toBe(3);
    expect(runtime!.health().status).toBe('UP');

    // The runtime's engine check waits on the connection's state rather than a timer: the real
    // gRPC connection must call back when the engine goes.
    watched = await createEngineClient({ logger: silentLogger });
    await watched.topology({ timeoutMs: 10_000 });
    let changed = false;
    expect(watched.watchConnection!(() => (changed = true))).toBe(true);
    expect(changed).toBe(false);

    await tool.stopEngine(PORTS);
    await support.eventually('the connection watch to call back', async () => changed || undefined);
    expect(watched.connected!()).toBe(false);
    expect(watched.watchConnection!(() => undefined)).toBe(false); // nothing to watch while it is down
    const down = await support.eventually('readiness to report the outage', async () => {
      const h = runtime!.health();
      return h.components.engine.status === 'DOWN' && h.components.workers.details[jobType]?.status === 'DOWN' ? h : undefined;
    });
    expect(down.status).toBe('DOWN');
    expect(down.components.workers.details[jobType]).toMatchObject({ error: expect.stringContaining('activation rounds failed in a row') });
    expect(runtime!.workers()[0]!.stream).not.toBe('open'); // the stream's end was noticed

    await tool.startEngine(PORTS);
    await support.eventually('readiness to recover', async () => {
      const h = runtime!.health();
      if (h.status !== 'UP') throw new Error(JSON.stringify(h));
      return true;
    });
    expect(await calculate(20, 22)).toBe(42);
    expect(runtime!.workers()[0]).toMatchObject({ mode: 'streaming', stream: 'open' });
  });
});
