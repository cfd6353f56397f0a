import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { loadConfig, startRuntime, type RuntimeConfig, type RuntimeHandle } from '@connectorkit/runtime';
import type { InboundConnector, OutboundConnector } from '@connectorkit/sdk';
import { inject } from 'vitest';
import { eventually, records, RUN, type ZeebeClient } from './engine.js';
import { capturingLogger } from './log-capture.js';

/**
 * Starts a runtime in this process with inbound on: discovery through the local engine's REST
 * endpoints (the same code path a cluster uses), a short discovery interval, HTTP on a free port.
 */
export async function startInboundRuntime(
  connectors: (InboundConnector | OutboundConnector)[],
  adjust: (config: RuntimeConfig) => void = () => {},
): Promise<RuntimeHandle> {
  process.env.ZEEBE_REST_ADDRESS = inject('engine').httpBase;
  const config = loadConfig({ env: { LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? 'warn' }, cwd: tmpdir() });
  config.http = { host: '127.0.0.1', port: 0 };
  config.connectors.discovery = false;
  config.worker.name = `e2e-inbound-${RUN}`;
  config.inbound.discoveryIntervalMs = 300;
  config.inbound.pollIntervalMinMs = 50;
  config.inbound.stateUrl = join(tmpdir(), `connectorkit-e2e-${RUN}-${randomUUID()}.db`);
  adjust(config);
  try {
    const runtime = await startRuntime(config, { connectors, logger: capturingLogger() });
    await runtime.ready;
    return runtime;
  } finally {
    delete process.env.ZEEBE_REST_ADDRESS;
  }
}

export async function deployXml(client: ZeebeClient, name: string, xml: string): Promise<{ key: string; version: number }> {
  const r = await client.deployResource({ name: `${name}.bpmn`, process: Buffer.from(xml) });
  const p = (r as { deployments: { process?: { processDefinitionKey: string; version: number } }[] }).deployments[0]!.process!;
  return { key: String(p.processDefinitionKey), version: p.version };
}

/** Waits until `GET /inbound` lists a connector of the process that matches `check`. */
export async function inboundEntry(runtime: RuntimeHandle, bpmnProcessId: string, check: (e: Record<string, unknown>) => boolean = (e) => e.status === 'ACTIVE') {
  return eventually(`GET /inbound to list ${bpmnProcessId}`, async () => {
    const list = (await (await fetch(`${runtime.url}/inbound?bpmnProcessId=${bpmnProcessId}`)).json()) as Record<string, unknown>[];
    return list.find(check);
  });
}

/** The variables of a process instance, from the engine's exported records. */
export async function instanceVariables(processInstanceKey: string): Promise<Record<string, unknown>> {
  const vars = await records('VARIABLE');
  const out: Record<string, unknown> = {};
  for (const r of vars) {
    if (String(r.value.processInstanceKey) !== processInstanceKey) continue;
    out[String(r.value.name)] = JSON.parse(String(r.value.value));
  }
  return out;
}

/** Instances of a process created so far (the process element activated). */
export async function instancesOf(bpmnProcessId: string): Promise<{ key: string; version: number }[]> {
  const recs = await records('PROCESS_INSTANCE');
  return recs
    .filter((r) => r.intent === 'ELEMENT_ACTIVATED' && r.value.bpmnElementType === 'PROCESS' && r.value.bpmnProcessId === bpmnProcessId)
    .map((r) => ({ key: String(r.key), version: Number(r.value.version) }));
}
