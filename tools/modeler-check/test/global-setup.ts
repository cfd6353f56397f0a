import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    engine: { grpcAddress: string; httpBase: string };
  }
}

interface EngineTool {
  ensureEngine(): Promise<{ started: boolean; grpcAddress: string; healthUrl: string }>;
  stopEngine(): Promise<unknown>;
}

const ENGINE_TOOL = resolve(dirname(fileURLToPath(import.meta.url)), '../../engine/engine.mjs');

/**
 * The local Zeebe engine on ports of this project's own (26700/9700 unless
 * CONNECTORS_ENGINE_GRPC_PORT / CONNECTORS_ENGINE_HEALTH_PORT say otherwise), so it never stops an
 * engine the e2e project runs beside it. Started when none answers there, stopped when it started it.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  process.env.CONNECTORS_ENGINE_GRPC_PORT ??= '26700';
  process.env.CONNECTORS_ENGINE_HEALTH_PORT ??= '9700';
  let tool: EngineTool;
  let engine: Awaited<ReturnType<EngineTool['ensureEngine']>>;
  try {
    tool = (await import(pathToFileURL(ENGINE_TOOL).href)) as EngineTool;
    engine = await tool.ensureEngine();
  } catch (e) {
    throw new Error(`The Modeler check runs the exported models on the local Zeebe engine (tools/engine), which could not be started: ${e instanceof Error ? e.message : String(e)}`);
  }
  project.provide('engine', { grpcAddress: engine.grpcAddress, httpBase: new URL(engine.healthUrl).origin });
  return async () => {
    if (engine.started) await tool.stopEngine();
  };
}
