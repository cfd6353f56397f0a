/**
 * Outbound hardening against the real engine: no job loops forever (a completion the engine
 * refuses, an integer beyond 2^53, a job stopped by its timeout), and no secret leaves in any
 * spelling (URL- or form-encoded, JSON-escaped, another case, base64) through log lines at debug,
 * incident messages or variables.
 */
import { randomBytes } from 'node:crypto';
import { createLogger, type RuntimeHandle } from '@connectorkit/runtime';
import { ConnectorError, defineOutbound, p, staticSecrets, type OutboundConnector } from '@connectorkit/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deploy, eventually, records, sameKey, testClient, type ZeebeClient } from './support/engine.js';
import { jobTypeOf, startTestRuntime } from './support/runtime.js';

/** Secrets full of the characters every encoding changes. */
const API_KEY = `Äpi k3y/${randomBytes(4).toString('hex')}+=&"@%`;
const HOST_PART = `Tenant-${randomBytes(3).toString('hex')}-ZONE`;
/** Typed literally into a secret field (no {{secrets.*}} reference). */
const TYPED = `typed p@ss w0rd/${randomBytes(4).toString('hex')}"&=`;
/** Obtained by the connector at run time and marked sensitive. */
const ACCESS_TOKEN = `eyJ.${randomBytes(6).toString('base64')}+/=`;

const json = (s: string) => JSON.stringify(s).slice(1, -1);
function spellings(value: string): string[] {
  return [
    value,
    encodeURIComponent(value),
    encodeURIComponent(value).toLowerCase(),
    new URLSearchParams({ v: value }).toString().slice(2),
    json(value),
    json(json(value)),
    json(encodeURIComponent(value)),
    value.toLowerCase(),
    value.toUpperCase(),
  ];
}

const counts = { huge: 0, giant: 0, leaky: 0, bigint: 0 };

const huge = defineOutbound({
  id: 'e2e.hardening.huge',
  name: 'Huge result',
  version: 1,
  type: 'e2e:hardening-huge:1',
  properties: {},
  execute: () => {
    counts.huge++;
    return { blob: 'x'.repeat(2 * 1024 * 1024 + 512) };
  },
});

/** Over the gateway's 4 MB message limit: refused before it reaches the engine. */
const giant = defineOutbound({
  id: 'e2e.hardening.giant',
  name: 'Giant result',
  version: 1,
  type: 'e2e:hardening-giant:1',
  properties: {},
  execute: () => {
    counts.giant++;
    return { blob: 'y'.repeat(5 * 1024 * 1024) };
  },
});

const bigint = defineOutbound({
  id: 'e2e.hardening.bigint',
  name: 'Big integer',
  version: 1,
  type: 'e2e:hardening-bigint:1',
  properties: { amount: p.number({ label: 'Amount' }) },
  execute: () => {
    counts.bigint++;
    return { ok: true };
  },
});

const waiter = defineOutbound({
  id: 'e2e.hardening.waiter',
  name: 'Waits for its signal',
  version: 1,
  type: 'e2e:hardening-waiter:1',
  properties: {},
  execute: ({ signal }) =>
    new Promise((_, reject) => {
      // What an HTTP client reports when its request is aborted.
      signal.addEventListener('abort', () => reject(new ConnectorError('CANCELLED', 'the job was cancelled (ERR_CANCELED)')));
    }),
});

/** Leaks its credentials every way a careless connector (or HTTP client) would. */
const leaky = defineOutbound({
  id: 'e2e.hardening.leaky',
  name: 'Leaky',
  version: 1,
  type: 'e2e:hardening-leaky:1',
  properties: {
    apiKey: p.text({ label: 'API key', secret: true, required: true }),
    host: p.text({ label: 'Host', required: true }),
    mode: p.text({ label: 'What the error expression does: ignore (copy the error into variables) or nothing (an incident)' }),
  },
  execute: ({ input, log, sensitive }) => {
    counts.leaky++;
    const token = sensitive(ACCESS_TOKEN);
    const host = `${input.host.toLowerCase()}.example`;
    const url = `https://${host}/v1/items?key=${encodeURIComponent(input.apiKey)}&token=${encodeURIComponent(token)}`;
    const form = new URLSearchParams({ key: input.apiKey, token }).toString();
    const basic = Buffer.from(`user:${input.apiKey}`).toString('base64');
    log.debug({ url, form, body: JSON.stringify({ key: input.apiKey, token }), authorization: `Basic ${basic}` }, `calling ${url}`);
    log.warn({ host }, `slow answer from ${url} (${form})`);
    throw new ConnectorError('ECHO', `GET ${url} answered 401: ${JSON.stringify({ key: input.apiKey })}`, {
      variables: { url, form, upper: input.apiKey.toUpperCase(), mode: input.mode ?? 'incident' },
    });
  },
});

const connectors = [huge, giant, bigint, waiter, leaky] as unknown as OutboundConnector[];
const lines: string[] = [];
const printed: string[] = [];
let client: ZeebeClient;
let runtime: RuntimeHandle;
const JOB_TIMEOUT_MS = 3000;

async function incidentOf(key: string) {
  return eventually('the incident', async () =>
    (await records('INCIDENT')).find((r) => r.intent === 'CREATED' && sameKey(r.value.processInstanceKey, key)),
  );
}

async function start(connector: OutboundConnector, variables: Record<string, unknown> = {}, retries = 3): Promise<string> {
  const created = await client.createProcessInstance({
    bpmnProcessId: 'e2e-hardening',
    variables: { jobType: jobTypeOf(connector), retries, ...variables } as unknown as Record<string, string>,
  });
  return created.processInstanceKey;
}

beforeAll(async () => {
  client = testClient();
  await deploy(client, 'hardening.bpmn');
  // Whatever reaches the console besides the runtime's logger (the SDK printing a job, say).
  const write = process.stderr.write.bind(process.stderr);
  process.stderr.write = ((chunk: unknown, ...rest: unknown[]) => {
    printed.push(String(chunk));
    return (write as (...a: unknown[]) => boolean)(chunk, ...rest);
  }) as typeof process.stderr.write;
  const consoleError = console.error.bind(console);
  console.error = (...args: unknown[]) => {
    printed.push(args.map(String).join(' '));
    consoleError(...args);
  };
  const logger = createLogger({ level: 'debug', destination: { write: (line: string) => void lines.push(line) } });
  runtime = await startTestRuntime(
    connectors,
    (c) => {
      c.worker.jobTimeoutMs = JOB_TIMEOUT_MS;
      c.logLevel = 'debug';
    },
    { logger, secrets: staticSecrets({ API_KEY, HOST_PART }) },
  );
});

afterAll(async () => {
  await runtime?.stop(5000);
  await client?.close();
});

describe('no job loops forever', () => {
  it('a result too large for the engine: the job fails at once with an incident saying so, the connector runs once, and it is counted', async () => {
    const key = await start(huge, {}, 3);
    const incident = await incidentOf(key);
    expect(incident.value.errorType).toBe('JOB_NO_RETRIES');
    expect(String(incident.value.errorMessage)).toMatch(/the result is too large for the engine: \d{7} bytes/);
    // Well past the job timeout: had the job been left to time out, the connector would have run again.
    await new Promise((r) => setTimeout(r, JOB_TIMEOUT_MS + 2000));
    expect(counts.huge).toBe(1);
    const metrics = await (await fetch(`${runtime.url}/metrics`)).text();
    expect(metrics).toMatch(new RegExp(`connectors_job_commands_rejected_total\\{type="${jobTypeOf(huge as unknown as OutboundConnector)}",command="complete"\\} 1`));
    expect(metrics).toMatch(new RegExp(`connectors_jobs_failed_total\\{type="${jobTypeOf(huge as unknown as OutboundConnector)}"\\} 1`));
    const logged = lines.find((l) => l.includes('refused the job completion'));
    expect(logged).toMatch(/"reason":"[^"]+/);
  });

  it('a result over the gateway message limit (5 MB): the same, without waiting for the job timeout', async () => {
    const started = Date.now();
    const key = await start(giant as unknown as OutboundConnector, {}, 3);
    const incident = await incidentOf(key);
    expect(String(incident.value.errorMessage)).toMatch(/the result is too large for the engine: \d{7} bytes/);
    expect(Date.now() - started).toBeLessThan(JOB_TIMEOUT_MS);
    await new Promise((r) => setTimeout(r, JOB_TIMEOUT_MS + 1000));
    expect(counts.giant).toBe(1);
  });

  it('an integer beyond 2^53: an incident at once naming the variable, the connector not run, nothing printed outside the logger', async () => {
    const before = printed.length;
    const key = await start(bigint, { amount: 12345678901234567890n as unknown as string }, 3);
    const incident = await incidentOf(key);
    expect(incident.value.errorType).toBe('JOB_NO_RETRIES');
    expect(String(incident.value.errorMessage)).toContain("variable 'amount' holds an integer of 20 digits");
    const failures = (await records('JOB')).filter((r) => r.intent === 'FAILED' && sameKey(r.value.processInstanceKey, key));
    expect(failures).toHaveLength(1); // once, not retried without backoff
    expect(counts.bigint).toBe(0);
    expect(printed.slice(before).join('')).not.toMatch(/12345678901234567890|Error parsing/);
  });

  it('a job stopped by its timeout says that the job timeout ran out, and how long it was', async () => {
    const key = await start(waiter as unknown as OutboundConnector, {}, 1);
    const incident = await incidentOf(key);
    expect(String(incident.value.errorMessage)).toMatch(/^The job timeout ran out: the connector was stopped after 3 s \(the job timeout, CONNECTORKIT_JOB_TIMEOUT\)/);
  });
});

describe('no secret leaves in any spelling', () => {
  it('masks secrets, secret fields and sensitive values in every log line (debug), incident message and variable', async () => {
    const keys = [
      await start(leaky as unknown as OutboundConnector, { apiKey: '{{secrets.API_KEY}}', host: '{{secrets.HOST_PART}}' }, 1),
      await start(leaky as unknown as OutboundConnector, { apiKey: TYPED, host: 'plain-host' }, 1),
    ];
    const incidents = await Promise.all(keys.map(incidentOf));
    for (const i of incidents) expect(String(i.value.errorMessage)).toMatch(/^GET https:\/\/\S+ answered 401/);
    // The error expression copies the echoed URL, form and message into process variables.
    const copied = await Promise.all(
      [
        { apiKey: '{{secrets.API_KEY}}', host: '{{secrets.HOST_PART}}', mode: 'ignore' },
        { apiKey: TYPED, host: 'plain-host', mode: 'ignore' },
      ].map((variables) =>
        client.createProcessInstanceWithResult({
          bpmnProcessId: 'e2e-hardening',
          variables: { jobType: jobTypeOf(leaky as unknown as OutboundConnector), retries: 1, ...variables } as unknown as Record<string, string>,
          requestTimeout: 30_000,
        }),
      ),
    );
    expect(counts.leaky).toBe(4);
    // The process's own input (the credential typed into the field, the variables the engine hands
    // a job) is the modeller's, not a leak: what the runtime wrote is every incident, every job
    // failure's message and every variable it set.
    const inputs = new Set(['apiKey', 'host', 'jobType', 'retries', 'mode']);
    const written = copied.map((r) => Object.fromEntries(Object.entries(r.variables).filter(([k]) => !inputs.has(k))));
    for (const w of written) expect(w).toMatchObject({ echoed: { url: expect.stringContaining('key=***') }, said: expect.stringMatching(/^GET https/) });
    const ofMine = (r: { value: Record<string, unknown> }) => keys.some((k) => sameKey(r.value.processInstanceKey, k));
    const held = JSON.stringify([
      written,
      ...(await records('INCIDENT')).filter(ofMine),
      ...(await records('JOB')).filter(ofMine).map((r) => ({ intent: r.intent, errorMessage: r.value.errorMessage })),
    ]);
    expect(lines.some((l) => l.includes('slow answer from'))).toBe(true);
    expect(lines.some((l) => l.includes('"level":"debug"') && l.includes('calling'))).toBe(true);
    const everything = [held, ...lines, ...printed].join('\n');
    for (const secret of [API_KEY, HOST_PART, TYPED, ACCESS_TOKEN]) {
      for (const spelled of spellings(secret)) expect(everything.includes(spelled), `${JSON.stringify(spelled)} of a secret leaked`).toBe(false);
    }
    // Basic authentication of user:<secret>, base64.
    for (const secret of [API_KEY, TYPED]) expect(everything).not.toContain(Buffer.from(`user:${secret}`).toString('base64').slice(8, 20));
  });
});

