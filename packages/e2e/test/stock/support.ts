/**
 * Support for the stock-template tests: the third-party APIs faked at the HTTP boundary (msw), the
 * runtime serving Camunda's stock job types, and running a process instance to its end.
 */
import { normalizeConnectorId, type RuntimeHandle } from '@connectorkit/runtime';
import type { OutboundConnector } from '@connectorkit/sdk';
import type { RequestHandler } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll } from 'vitest';
import { records, type ZeebeClient } from '../support/engine.js';
import { startTestRuntime } from '../support/runtime.js';

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/**
 * Fakes the third-party APIs of one test file with msw, from before its first test (so before the
 * runtime starts) to after its last. Requests to this machine (the engine's `/records`, the
 * runtime's health server) pass through untouched; any other request without a handler fails, and
 * is listed in `unhandled`. gRPC to the engine is HTTP/2, which msw does not intercept.
 */
export function fakeThirdPartyApis(...handlers: RequestHandler[]): { unhandled: string[] } {
  const server = setupServer(...handlers);
  const unhandled: string[] = [];
  beforeAll(() =>
    server.listen({
      onUnhandledRequest(request, print) {
        if (LOCAL_HOSTS.has(new URL(request.url).hostname)) return;
        unhandled.push(`${request.method} ${request.url}`);
        print.error();
      },
    }),
  );
  afterAll(() => server.close());
  return { unhandled };
}

/**
 * Starts the runtime in this process with the given connectors on Camunda's stock job types (as the
 * stock templates write them; not the per-run types of the other e2e tests), and puts `secrets`
 * where the runtime's environment secret provider reads them (its prefix + the name). `stop` stops
 * the runtime and removes the secrets again.
 */
export async function startStockRuntime(
  connectors: OutboundConnector[],
  secrets: Record<string, string>,
): Promise<{ runtime: RuntimeHandle; stop: () => Promise<void> }> {
  const variables: string[] = [];
  const runtime = await startTestRuntime(connectors, (config) => {
    for (const c of connectors) config.connectors.jobTypes[normalizeConnectorId(c.id)] = c.type;
    const prefix = config.secrets.envPrefix;
    if (prefix === false) throw new Error('the runtime configuration has environment secrets turned off');
    for (const [name, value] of Object.entries(secrets)) {
      process.env[prefix + name] = value;
      variables.push(prefix + name);
    }
  });
  return {
    runtime,
    stop: async () => {
      await runtime.stop(5000);
      for (const v of variables) delete process.env[v];
    },
  };
}

/** Variables as the SDK takes them (JSON). */
type Variables = NonNullable<Parameters<ZeebeClient['createProcessInstanceWithResult']>[0]['variables']>;

/**
 * Starts an instance of `bpmnProcessId` and waits for its end (createProcessInstanceWithResult),
 * failing after `timeoutMs` with the incidents the process has, so a stuck instance says why.
 * The default leaves room for the runtime's 30 s safety-net poll: on a loaded machine a job created
 * right after the worker started was seen to wait for it once in a few full e2e runs.
 */
export async function runToEnd(
  client: ZeebeClient,
  bpmnProcessId: string,
  variables: Variables,
  timeoutMs = 45_000,
): Promise<{ processInstanceKey: string; variables: Record<string, unknown> }> {
  const startedAt = Date.now();
  let timer: NodeJS.Timeout | undefined;
  // The gateway's own request timeout should answer first; this one catches a client that never does.
  const guardMs = timeoutMs + 2000;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${guardMs} ms`)), guardMs);
  });
  try {
    const result = await Promise.race([
      client.createProcessInstanceWithResult({ bpmnProcessId, variables, requestTimeout: timeoutMs }),
      deadline,
    ]);
    return { processInstanceKey: result.processInstanceKey, variables: result.variables as Record<string, unknown> };
  } catch (e) {
    const incidents = (await withinMs(5000, records('INCIDENT')).catch(() => []))
      .filter((r) => r.intent === 'CREATED' && r.value.bpmnProcessId === bpmnProcessId && r.timestamp >= startedAt - 1000)
      .map((r) => `${String(r.value.errorType)}: ${String(r.value.errorMessage)}`);
    throw new Error(
      `${bpmnProcessId} did not complete (${e instanceof Error ? e.message : String(e)}); ` +
        (incidents.length > 0 ? `incidents: ${incidents.join(' | ')}` : 'no incident'),
    );
  } finally {
    clearTimeout(timer);
  }
}

/** `work`, or a rejection after `ms` (for a look at the engine that must not hang a failing test). */
function withinMs<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}
