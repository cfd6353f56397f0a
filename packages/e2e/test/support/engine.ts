import { readFile } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Camunda8 } from '@camunda8/sdk';
import { inject } from 'vitest';

export const BPMN_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../bpmn');

export type ZeebeClient = ReturnType<Camunda8['getZeebeGrpcApiClient']>;

/** A plain SDK client for the test's own side (deploy, start instances, take over jobs). No retries: a failure shows. */
export function testClient(): ZeebeClient {
  return new Camunda8({ zeebeGrpcSettings: { ZEEBE_GRPC_CLIENT_RETRY: false, ZEEBE_CLIENT_LOG_LEVEL: 'NONE' } }).getZeebeGrpcApiClient();
}

export async function deploy(client: ZeebeClient, file: string): Promise<void> {
  await client.deployResource({ name: basename(file), process: await readFile(resolve(BPMN_DIR, file)) });
}

/** A record the engine wrote (`Record.toJson()`), as served by tools/engine's `/records`. */
export interface EngineRecord {
  valueType: string;
  intent: string;
  recordType: string;
  key: number;
  timestamp: number;
  value: Record<string, unknown>;
}

/** Every record of one value type (JOB, INCIDENT, PROCESS_INSTANCE, JOB_BATCH, ...). */
export async function records(valueType: string): Promise<EngineRecord[]> {
  const res = await fetch(`${inject('engine').httpBase}/records?valueType=${valueType}`);
  if (!res.ok) throw new Error(`GET /records?valueType=${valueType}: ${res.status} ${await res.text()}`);
  return (await res.json()) as EngineRecord[];
}

/** Record keys are JSON numbers (partition 1 keys stay below 2^53); the SDK gives keys as strings. */
export const sameKey = (a: unknown, b: string): boolean => String(a) === b;

/**
 * Asks `probe` until it returns a value, pausing between attempts; fails with `what` after
 * `attempts`. For engine state that settles asynchronously (records are exported after processing).
 */
export async function eventually<T>(what: string, probe: () => Promise<T | undefined>, attempts = 150, pauseMs = 200): Promise<T> {
  let last: unknown;
  for (let i = 0; i < attempts; i++) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, pauseMs));
  }
  throw new Error(`gave up waiting for ${what}${last ? ` (last error: ${last instanceof Error ? last.message : String(last)})` : ''}`);
}

/** A suffix that keeps this run's job types apart from leftovers of earlier runs on a shared engine. */
export const RUN = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
