import { Camunda8 } from '@camunda8/sdk';
import { problemDetailResponseSchema } from '@camunda/camunda-api-zod-schemas/8.8';
import {
  getProcessDefinition,
  getProcessDefinitionXml,
  processDefinitionSchema,
  queryProcessDefinitions,
  queryProcessDefinitionsRequestBodySchema,
  queryProcessDefinitionsResponseBodySchema,
} from '@camunda/camunda-api-zod-schemas/8.8/process-definition';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { eventually, RUN, testClient, type ZeebeClient } from './support/engine.js';

/*
 * The process-definition endpoints of Camunda's REST API v2 that tools/engine serves from the
 * engine's own records (what a connector runtime's inbound discovery calls). Every answer is
 * parsed with Camunda's published zod schemas (@camunda/camunda-api-zod-schemas, 8.8), and a real
 * client (@camunda8/sdk's Orchestration Cluster API client, strict response validation) pages
 * through the search.
 */

const BASE = inject('engine').httpBase;

/**
 * Camunda's 8.8 item schema, strict (no field beyond it). The package (0.0.93) also requires
 * `state`, which Camunda 8.8's REST API does not return (its OpenAPI ProcessDefinitionResult has
 * no such field), so it is left out.
 */
const itemSchema = processDefinitionSchema.omit({ state: true }).strict();

type Item = ReturnType<typeof itemSchema.parse>;
interface SearchResult {
  items: Item[];
  page: { totalItems: number; hasMoreTotalItems: boolean; startCursor?: string; endCursor?: string };
}

const A = `e2e-rest-a-${RUN}`;
const B = `e2e-rest-b-${RUN}`;
const C = `e2e-rest-c-${RUN}`;

function bpmn(id: string, opts: { name?: string; versionTag?: string; startForm?: boolean; revision: number }): Buffer {
  const tag = opts.versionTag ? `<bpmn:extensionElements><zeebe:versionTag value="${opts.versionTag}"/></bpmn:extensionElements>` : '';
  const form = opts.startForm ? '<bpmn:extensionElements><zeebe:formDefinition formId="e2e-start-form"/></bpmn:extensionElements>' : '';
  return Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="defs-${id}" targetNamespace="http://connectorkit.test">
  <bpmn:process id="${id}"${opts.name ? ` name="${opts.name}"` : ''} isExecutable="true">${tag}
    <bpmn:startEvent id="start">${form}</bpmn:startEvent>
    <bpmn:endEvent id="end-${opts.revision}"/>
    <bpmn:sequenceFlow id="flow" sourceRef="start" targetRef="end-${opts.revision}"/>
  </bpmn:process>
</bpmn:definitions>
`);
}

interface Deployed {
  key: string;
  id: string;
  version: number;
  resourceName: string;
  xml: string;
}

let client: ZeebeClient;
const deployed: Record<string, Deployed> = {};

async function deployAs(label: string, id: string, opts: Parameters<typeof bpmn>[1]): Promise<void> {
  const resourceName = `${label}.bpmn`;
  const xml = bpmn(id, opts);
  const res = await client.deployResource({ name: resourceName, process: xml });
  const p = res.deployments[0]!.process;
  deployed[label] = { key: p.processDefinitionKey, id, version: p.version, resourceName, xml: xml.toString('utf8') };
}

/** POST /v2/process-definitions/search with plain fetch; the body is checked against Camunda's request schema first. */
async function search(body: unknown): Promise<SearchResult> {
  queryProcessDefinitionsRequestBodySchema.strict().parse(body);
  const res = await fetch(`${BASE}${queryProcessDefinitions.getUrl()}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/json');
  const { items, page, ...rest } = (await res.json()) as { items: unknown[]; page: Record<string, unknown> };
  expect(rest).toEqual({});
  // `hasMoreTotalItems` is in Camunda's 8.8 OpenAPI page but not in this package's page schema.
  const { hasMoreTotalItems, ...camundaPage } = page;
  expect(hasMoreTotalItems).toBe(false);
  // The page through the package's response schema (items are checked one by one, strictly,
  // below). The schema drops unknown keys: an unchanged page has none.
  const parsed = queryProcessDefinitionsResponseBodySchema.parse({ items: [], page: camundaPage }) as { page: Omit<SearchResult['page'], 'hasMoreTotalItems'> };
  expect(parsed.page).toEqual(camundaPage);
  return { items: items.map((i) => itemSchema.parse(i)), page: { ...parsed.page, hasMoreTotalItems: false } };
}

async function problem(res: Response, status: number): Promise<ReturnType<typeof problemDetailResponseSchema.parse>> {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toBe('application/problem+json');
  const p = problemDetailResponseSchema.strict().parse(await res.json());
  expect(p.status).toBe(status);
  return p;
}

const postRaw = (body: string): Promise<Response> =>
  fetch(`${BASE}${queryProcessDefinitions.getUrl()}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

const keysOf = (r: SearchResult): string[] => r.items.map((i) => i.processDefinitionKey);
const ours = { processDefinitionId: { $in: [A, B, C] } };

beforeAll(async () => {
  client = testClient();
  await deployAs('a1', A, { name: 'REST A', versionTag: 'v1', revision: 1 });
  await deployAs('a2', A, { name: 'REST A', revision: 2 });
  await deployAs('a3', A, { name: 'REST A', versionTag: 'v3', revision: 3 });
  await deployAs('b1', B, { startForm: true, revision: 1 });
  await deployAs('c1', C, { name: 'REST C', revision: 1 });
  await eventually('the five definitions to be listed', async () => ((await search({ filter: ours })).items.length === 5 ? true : undefined));
});

afterAll(async () => {
  await client?.close();
});

describe('POST /v2/process-definitions/search', () => {
  it("lists every deployed version in Camunda's item shape, by key ascending", async () => {
    const r = await search({ filter: ours });
    const { a1, a2, a3, b1, c1 } = deployed;
    expect([a1!.version, a2!.version, a3!.version, b1!.version]).toEqual([1, 2, 3, 1]);
    expect(r.items).toEqual([
      { name: 'REST A', resourceName: 'a1.bpmn', version: 1, versionTag: 'v1', processDefinitionId: A, tenantId: '<default>', processDefinitionKey: a1!.key, hasStartForm: false },
      { name: 'REST A', resourceName: 'a2.bpmn', version: 2, processDefinitionId: A, tenantId: '<default>', processDefinitionKey: a2!.key, hasStartForm: false },
      { name: 'REST A', resourceName: 'a3.bpmn', version: 3, versionTag: 'v3', processDefinitionId: A, tenantId: '<default>', processDefinitionKey: a3!.key, hasStartForm: false },
      { resourceName: 'b1.bpmn', version: 1, processDefinitionId: B, tenantId: '<default>', processDefinitionKey: b1!.key, hasStartForm: true },
      { name: 'REST C', resourceName: 'c1.bpmn', version: 1, processDefinitionId: C, tenantId: '<default>', processDefinitionKey: c1!.key, hasStartForm: false },
    ]);
    expect(r.page.totalItems).toBe(5);
    expect(r.page.startCursor).toMatch(/^[A-Za-z0-9+/]+={0,2}$/);
    expect(r.page.endCursor).toMatch(/^[A-Za-z0-9+/]+={0,2}$/);
  });

  it('isLatestVersion: true keeps the newest version of each process; false or absent keeps all', async () => {
    const latest = await search({ filter: { ...ours, isLatestVersion: true } });
    expect(keysOf(latest)).toEqual([deployed.a3!.key, deployed.b1!.key, deployed.c1!.key]);
    // Camunda pages the latest versions forward only: no startCursor.
    expect(latest.page).toEqual({ totalItems: 3, hasMoreTotalItems: false, endCursor: expect.any(String) });
    expect((await search({ filter: { ...ours, isLatestVersion: false } })).items).toHaveLength(5);
  });

  it('filters by processDefinitionId, processDefinitionKey, version and tenantId', async () => {
    expect(keysOf(await search({ filter: { processDefinitionId: B } }))).toEqual([deployed.b1!.key]);
    expect(keysOf(await search({ filter: { processDefinitionKey: deployed.a2!.key } }))).toEqual([deployed.a2!.key]);
    expect(keysOf(await search({ filter: { processDefinitionId: A, version: 1 } }))).toEqual([deployed.a1!.key]);
    expect((await search({ filter: { ...ours, tenantId: '<default>' } })).items).toHaveLength(5);
    const none = await search({ filter: { ...ours, tenantId: 'other-tenant' } });
    expect(none).toEqual({ items: [], page: { totalItems: 0, hasMoreTotalItems: false } });
  });

  it('sorts by the requested fields', async () => {
    const byVersion = await search({ filter: { processDefinitionId: A }, sort: [{ field: 'version', order: 'desc' }] });
    expect(byVersion.items.map((i) => i.version)).toEqual([3, 2, 1]);
    const byId = await search({ filter: ours, sort: [{ field: 'processDefinitionId', order: 'desc' }, { field: 'version', order: 'asc' }] });
    expect(byId.items.map((i) => `${i.processDefinitionId}@${i.version}`)).toEqual([`${C}@1`, `${B}@1`, `${A}@1`, `${A}@2`, `${A}@3`]);
  });

  it('pages by cursor: each page starts after the last, the cursor advances, and the page after the last is empty', async () => {
    const seen: string[] = [];
    const cursors: string[] = [];
    let r = await search({ filter: ours, page: { limit: 2 } });
    while (r.items.length > 0) {
      expect(r.page.totalItems).toBe(5);
      seen.push(...keysOf(r));
      cursors.push(r.page.endCursor!);
      expect(cursors.length).toBeLessThanOrEqual(3);
      r = await search({ filter: ours, page: { limit: 2, after: r.page.endCursor } });
    }
    expect(seen).toEqual(keysOf(await search({ filter: ours })));
    expect(new Set(cursors).size).toBe(3);
    // The empty page has no cursor to follow (the schema's cursors are optional, never null).
    expect(r.page).toEqual({ totalItems: 5, hasMoreTotalItems: false });
  });

  it('pages by offset (from) and backwards (before)', async () => {
    const all = keysOf(await search({ filter: ours }));
    expect(keysOf(await search({ filter: ours, page: { from: 1, limit: 2 } }))).toEqual(all.slice(1, 3));
    expect(keysOf(await search({ filter: ours, page: { from: 5 } }))).toEqual([]);
    const last = await search({ filter: ours, page: { from: 3 } });
    expect(keysOf(await search({ filter: ours, page: { before: last.page.startCursor, limit: 2 } }))).toEqual(all.slice(1, 3));
  });

  it("pages to the end with the connector runtime's discovery request (limit 200, then after)", async () => {
    const body = (after?: string) => ({ sort: [], filter: { isLatestVersion: true }, page: after ? { limit: 200, after } : { limit: 200 } });
    const seen = new Set<string>();
    let r = await search(body());
    for (let round = 0; r.items.length > 0; round++) {
      expect(round).toBeLessThan(50); // the engine has far fewer than 10,000 definitions: a loop means a stuck cursor
      for (const i of r.items) {
        expect(seen.has(i.processDefinitionKey)).toBe(false);
        seen.add(i.processDefinitionKey);
      }
      r = await search(body(r.page.endCursor));
    }
    expect(seen.size).toBe(r.page.totalItems);
    expect(seen).toContain(deployed.a3!.key);
    expect(seen).not.toContain(deployed.a2!.key);
  });

  it('answers a malformed or invalid body with a 400 problem detail', async () => {
    const malformed = await problem(await postRaw('{"filter": {'), 400);
    expect(malformed.instance).toBe('/v2/process-definitions/search');
    await problem(await postRaw('{"page":{"limit":"many"}}'), 400);
    await problem(await postRaw('{"filter":{"isLatestVersion":"yes"}}'), 400);
    await problem(await postRaw('{"sort":[{"field":"nope"}]}'), 400);
    await problem(await postRaw('{"page":{"after":"not a cursor"}}'), 400);
    const both = await problem(await postRaw('{"page":{"after":"WzFd","before":"WzFd"}}'), 400);
    expect(both.detail).toContain('after and before');
  });
});

describe('GET /v2/process-definitions/{key} and /xml', () => {
  it('returns one definition in the search item shape', async () => {
    const res = await fetch(`${BASE}${getProcessDefinition.getUrl({ processDefinitionKey: deployed.b1!.key })}`);
    expect(res.status).toBe(200);
    expect(itemSchema.parse(await res.json())).toEqual((await search({ filter: { processDefinitionKey: deployed.b1!.key } })).items[0]);
  });

  it('returns the deployed BPMN XML as text/xml', async () => {
    const res = await fetch(`${BASE}${getProcessDefinitionXml.getUrl({ processDefinitionKey: deployed.a2!.key })}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/xml/);
    expect(await res.text()).toBe(deployed.a2!.xml);
  });

  it('answers 404 for an unknown key and 400 for a key that is not a number', async () => {
    const unknown = await problem(await fetch(`${BASE}/v2/process-definitions/1/xml`), 404);
    expect(unknown.instance).toBe('/v2/process-definitions/1/xml');
    await problem(await fetch(`${BASE}/v2/process-definitions/1`), 404);
    await problem(await fetch(`${BASE}/v2/process-definitions/not-a-key/xml`), 400);
    await problem(await fetch(`${BASE}/v2/process-definitions/not-a-key`), 400);
  });
});

describe("@camunda8/sdk's Orchestration Cluster API client against the engine", () => {
  it('pages through the latest definitions with strict response validation, and reads one XML', async () => {
    const saved = process.env.CAMUNDA_SDK_VALIDATION;
    // Strict on responses (Camunda's OpenAPI schema of 8.8). Not on requests: the client's strict
    // request mode rewrites {limit, after} into {from: 0, limit} and drops the cursor.
    process.env.CAMUNDA_SDK_VALIDATION = 'req:none,res:strict';
    const rest = new Camunda8({ ZEEBE_REST_ADDRESS: BASE, CAMUNDA_AUTH_STRATEGY: 'NONE' }).getOrchestrationClusterApiClientLoose({}, { cached: false });
    if (saved === undefined) delete process.env.CAMUNDA_SDK_VALIDATION;
    else process.env.CAMUNDA_SDK_VALIDATION = saved;

    const noWait = { consistency: { waitUpToMs: 0 } };
    const seen: string[] = [];
    let page = await rest.searchProcessDefinitions({ filter: { ...ours, isLatestVersion: true }, page: { limit: 1 } }, noWait);
    while ((page.items ?? []).length > 0) {
      expect(seen.length).toBeLessThan(3);
      seen.push(...(page.items ?? []).map((i) => String(i.processDefinitionKey)));
      page = await rest.searchProcessDefinitions({ filter: { ...ours, isLatestVersion: true }, page: { limit: 1, after: String(page.page.endCursor) } }, noWait);
    }
    expect(seen).toEqual([deployed.a3!.key, deployed.b1!.key, deployed.c1!.key]);
    // A bigint: the response went through the client's schema (it coerces totalItems).
    expect(page.page.totalItems).toBe(3n);

    const xml = await rest.getProcessDefinitionXml({ processDefinitionKey: deployed.a3!.key }, noWait);
    expect(xml).toBe(deployed.a3!.xml);
  });
});

describe('deleted definitions (gRPC DeleteResource)', () => {
  const withDeadline = <T>(p: Promise<T>, what: string): Promise<T> =>
    Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what}: no answer within 15 s`)), 15_000))]);

  it('disappear from the search and the XML; the previous version becomes the latest', async () => {
    await expect(withDeadline(client.deleteResource({ resourceKey: deployed.a3!.key }), 'DeleteResource')).resolves.toEqual({});
    await expect(withDeadline(client.deleteResource({ resourceKey: deployed.c1!.key }), 'DeleteResource')).resolves.toEqual({});
    await eventually('the deletions to show', async () => ((await search({ filter: ours })).items.length === 3 ? true : undefined));

    expect(keysOf(await search({ filter: ours }))).toEqual([deployed.a1!.key, deployed.a2!.key, deployed.b1!.key]);
    const latest = await search({ filter: { ...ours, isLatestVersion: true } });
    expect(latest.items.map((i) => `${i.processDefinitionId}@${i.version}`)).toEqual([`${A}@2`, `${B}@1`]);
    await problem(await fetch(`${BASE}/v2/process-definitions/${deployed.a3!.key}/xml`), 404);
    await problem(await fetch(`${BASE}/v2/process-definitions/${deployed.c1!.key}`), 404);
  });

  it('deleting a key twice is rejected by the engine, not left unanswered', async () => {
    await expect(withDeadline(client.deleteResource({ resourceKey: deployed.a3!.key }), 'DeleteResource')).rejects.toThrow(/NOT_FOUND|not found/i);
  });
});
