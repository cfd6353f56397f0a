import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { TestProject } from 'vitest/node';

/** What the tests get through `inject('engine')`. */
export interface EngineContext {
  /** For ZEEBE_GRPC_ADDRESS. */
  grpcAddress: string;
  /** Base URL of the engine's HTTP endpoints (health, `/records`). */
  httpBase: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    engine: EngineContext;
  }
}

interface EngineTool {
  ensureEngine(): Promise<{ started: boolean; pid?: number; grpcAddress: string; healthUrl: string; logFile: string; readyMs?: number }>;
  stopEngine(): Promise<{ stopped: boolean }>;
}

const ENGINE_TOOL = resolve(dirname(fileURLToPath(import.meta.url)), '../../../tools/engine/engine.mjs');

/**
 * Starts the real local Zeebe engine unless one already answers (ports from
 * CONNECTORS_ENGINE_GRPC_PORT / CONNECTORS_ENGINE_HEALTH_PORT), and stops it afterwards only if it
 * started it. When the engine cannot be had, the run fails here, with the reason.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let tool: EngineTool;
  let engine: Awaited<ReturnType<EngineTool['ensureEngine']>>;
  try {
    tool = (await import(pathToFileURL(ENGINE_TOOL).href)) as EngineTool;
    engine = await tool.ensureEngine();
  } catch (e) {
    throw new Error(
      `The e2e tests need the local Zeebe engine (tools/engine), and it could not be started: ${e instanceof Error ? e.message : String(e)}\n` +
        'See tools/engine/README.md (JDK 21+, Maven, free ports 26500/9600 or CONNECTORS_ENGINE_GRPC_PORT/CONNECTORS_ENGINE_HEALTH_PORT).',
    );
  }
  const httpBase = new URL(engine.healthUrl).origin;
  project.provide('engine', { grpcAddress: engine.grpcAddress, httpBase });
  process.stderr.write(
    `[e2e] engine ${engine.started ? `started (pid ${engine.pid}, ready in ${engine.readyMs} ms)` : 'already running, reused'}: ${engine.grpcAddress}\n`,
  );
  return async () => {
    if (engine.started) await tool.stopEngine();
  };
}
