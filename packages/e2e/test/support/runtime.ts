import { tmpdir } from 'node:os';
import { loadConfig, normalizeConnectorId, startRuntime, type RuntimeConfig, type RuntimeHandle, type StartRuntimeOptions } from '@connectorkit/runtime';
import type { OutboundConnector } from '@connectorkit/sdk';
import { RUN } from './engine.js';
import { capturingLogger } from './log-capture.js';

/** The job type a test connector serves in this run (its own type plus the run suffix). */
export const jobTypeOf = (c: OutboundConnector): string => `${c.type}-${RUN}`;

/**
 * Starts the runtime in this process with the given connectors (each on its per-run job type),
 * discovery off, HTTP on a free port, and waits until its workers run.
 */
export async function startTestRuntime(
  connectors: OutboundConnector[],
  adjust: (config: RuntimeConfig) => void = () => {},
  options: Omit<StartRuntimeOptions, 'connectors'> = {},
): Promise<RuntimeHandle> {
  const config = loadConfig({ env: { LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? 'warn' }, cwd: tmpdir() });
  config.http = { host: '127.0.0.1', port: 0 };
  config.connectors.discovery = false;
  config.worker.name = `e2e-runtime-${RUN}`;
  for (const c of connectors) config.connectors.jobTypes[normalizeConnectorId(c.id)] = jobTypeOf(c);
  adjust(config);
  const runtime = await startRuntime(config, { logger: capturingLogger(), ...options, connectors });
  await runtime.ready;
  return runtime;
}
