import { createServer, type Server } from 'node:http';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { Camunda8 } from '@camunda8/sdk';
import { loadConfig, startRuntime, type RuntimeHandle } from '@connectorkit/runtime';
import httpJson from '@connectorkit/connector-http-json';
import sendgrid from '@connectorkit/connector-sendgrid';
import slack from '@connectorkit/connector-slack';
import webhook from '@connectorkit/connector-webhook';
import amqp from '@connectorkit/connector-amqp';
import googleDrive from '@connectorkit/connector-google-drive';
import { launchChromium } from '../src/browser.js';
import { buildPage, servePage } from '../src/page.js';

const ROOT = join(fileURLToPath(import.meta.url), '..', '..', '..', '..');
const ARTIFACTS = join(ROOT, 'tools', 'modeler-check', 'artifacts');
const RUN = Date.now().toString(36);

interface TemplateProperty {
  id?: string;
  label?: string;
  type: string;
  group?: string;
  feel?: string;
  condition?: unknown;
  binding: { type: string; name?: string; key?: string; property?: string };
}
interface Template {
  id: string;
  version: number;
  name: string;
  appliesTo: string[];
  elementType: { value: string; eventDefinition?: string };
  groups: { id: string; label: string }[];
  properties: TemplateProperty[];
}

/** Every kept version of every connector's templates (element-templates/versioned), the check keeps them complete. */
async function keptTemplates(): Promise<Template[]> {
  const base = join(ROOT, 'packages', 'connectors');
  const all: Template[] = [];
  for (const pkg of (await readdir(base)).sort()) {
    const dir = join(base, pkg, 'element-templates', 'versioned');
    const files = await readdir(dir).catch(() => [] as string[]);
    for (const f of files.filter((n) => n.endsWith('.json')).sort()) all.push(JSON.parse(await readFile(join(dir, f), 'utf8')) as Template);
  }
  return all;
}

const templates = await keptTemplates();
/** The oldest and the newest kept version of each template. */
const underTest = [...new Set(templates.map((t) => t.id))].flatMap((id) => {
  const versions = templates.filter((t) => t.id === id).sort((a, b) => a.version - b.version);
  return [...new Set([versions[0]!, versions.at(-1)!])];
});
const cases = underTest.flatMap((template) => template.appliesTo.map((kind) => ({ template, kind })));

/** Fields a test types into the panel per template (property id -> value); the first plain text field otherwise. */
function fieldsToType(t: Template, restUrl: string): Record<string, string> {
  if (t.id === 'io.connectorkit.http-json') return { url: restUrl, resultVariable: 'answer' };
  if (t.id.startsWith('io.connectorkit.webhook.')) return { 'inbound.context': `mc-${RUN}-${t.id.split('.').pop()}` };
  const field = t.properties.find((p) => p.type === 'String' && !p.condition && p.feel !== 'required' && p.label);
  if (!field?.id) throw new Error(`${t.id} has no plain text field to type into`);
  return { [field.id]: `modeler-check-${RUN}` };
}

/** Labels of the groups and fields the panel shows before any choice is made: those without a condition. */
function unconditioned(t: Template) {
  const props = t.properties.filter((p) => p.type !== 'Hidden' && !p.condition);
  const groups = t.groups.filter((g) => props.some((p) => p.group === g.id)).map((g) => g.label);
  return { groups, fields: props.filter((p) => p.label).map((p) => p.label!) };
}

let context: BrowserContext;
let page: Page;
let site: Awaited<ReturnType<typeof servePage>>;
let restServer: Server;
let restUrl: string;
const consoleErrors: string[] = [];
/** Exported XML per case, for the runs on the engine. */
const exported = new Map<string, string>();
const caseKey = (t: Template, kind: string) => `${t.id}@${t.version}:${kind}`;

beforeAll(async () => {
  const out = join(ARTIFACTS, 'page');
  await buildPage(out);
  site = await servePage(out);
  restServer = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ greeting: 'hello from the REST check', path: req.url }));
  });
  await new Promise<void>((resolve) => restServer.listen(0, '127.0.0.1', resolve));
  restUrl = `http://127.0.0.1:${(restServer.address() as { port: number }).port}/hello`;
  context = await launchChromium();
  page = await context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  await page.goto(site.url);
  await page.waitForFunction(() => (globalThis as unknown as { checkReady?: boolean }).checkReady === true);
  await mkdir(join(ARTIFACTS, 'screenshots'), { recursive: true });
});

afterAll(async () => {
  await context?.close();
  await site?.close();
  await new Promise((resolve) => restServer?.close(resolve));
});

describe('every template in Camunda Modeler’s own libraries (bpmn-js, properties panel, element templates) in headless Chromium', () => {
  it('covers every connector package', () => {
    expect(new Set(underTest.map((t) => t.id.split('.')[2]))).toEqual(new Set(['amqp', 'google-drive', 'http-json', 'sendgrid', 'slack', 'webhook']));
  });

  it.each(cases.map((c) => [`${c.template.id} v${c.template.version} on ${c.kind}`, c] as const))('%s', async (_name, { template, kind }) => {
    consoleErrors.length = 0;
    const processId = `mc_${template.id.replace(/[^A-Za-z0-9]/g, '_')}_${kind.slice(5)}_${RUN}`;
    const { templateErrors } = await page.evaluate(
      ([all, k, pid]) => (globalThis as unknown as { check: { open(a: unknown, k: string, p: string): Promise<{ templateErrors: string[] }> } }).check.open(all, k, pid),
      [templates, kind, processId] as const,
    );
    expect(templateErrors, 'Modeler rejected templates when loading them').toEqual([]);

    const applied = await page.evaluate(
      ([id, version]) => (globalThis as unknown as { check: { apply(i: string, v: number): unknown } }).check.apply(id, version),
      [template.id, template.version] as const,
    );
    expect(applied).toEqual({
      type: template.elementType.value,
      eventDefinitions: template.elementType.eventDefinition ? [template.elementType.eventDefinition] : [],
      appliedTemplate: template.id,
      appliedVersion: template.version,
    });

    // The panel shows the template's groups and, once opened, their fields.
    const { groups, fields } = unconditioned(template);
    const headers = page.locator('#panel .bio-properties-panel-group-header');
    await expect.poll(() => headers.allInnerTexts(), { timeout: 30_000 }).toEqual(expect.arrayContaining(groups.map((g) => expect.stringContaining(g))));
    for (const label of groups) {
      const header = headers.filter({ hasText: label }).first();
      if (!(await header.getAttribute('class'))?.includes('open')) await header.click();
    }
    const labels = (await page.locator('#panel label').allInnerTexts()).map((s) => s.trim());
    for (const f of fields) expect(labels, `field "${f}" of ${template.id}`).toContain(f);

    // Values typed into the panel land in the exported XML.
    const typed = fieldsToType(template, restUrl);
    for (const [propertyId, value] of Object.entries(typed)) {
      const property = template.properties.find((p) => p.id === propertyId)!;
      const input = page.locator('#panel .bio-properties-panel-entry').filter({ has: page.locator('label', { hasText: new RegExp(`^${escapeRegExp(property.label!)}$`) }) }).locator('input, textarea, [contenteditable="true"]').first();
      await input.click();
      await input.fill(value);
      await input.press('Tab');
    }
    const xml = await expect
      .poll(async () => {
        const x = await page.evaluate(() => (globalThis as unknown as { check: { xml(): Promise<string> } }).check.xml());
        return Object.values(typed).every((v) => x.includes(escapeXml(v))) ? x : undefined;
      }, { timeout: 20_000 })
      .toBeDefined()
      .then(() => page.evaluate(() => (globalThis as unknown as { check: { xml(): Promise<string> } }).check.xml()));
    for (const [propertyId, value] of Object.entries(typed)) {
      const binding = template.properties.find((p) => p.id === propertyId)!.binding;
      const where = binding.type === 'zeebe:input' ? `target="${binding.name}"` : binding.type === 'zeebe:property' ? `name="${binding.name}"` : binding.key ?? binding.name ?? '';
      expect(xml, `${propertyId} in the XML`).toMatch(new RegExp(`${escapeRegExp(escapeXml(value))}|${escapeRegExp(where)}`));
      expect(xml).toContain(escapeXml(value));
    }
    expect(xml).toContain(`zeebe:modelerTemplate="${template.id}"`);
    exported.set(caseKey(template, kind), xml);

    await page.screenshot({ path: join(ARTIFACTS, 'screenshots', `${template.id}-v${template.version}-${kind.slice(5)}.png`) });
    expect(consoleErrors, 'errors in the browser console').toEqual([]);
  });
});

describe('the exported models run on the local engine and the runtime', () => {
  let runtime: RuntimeHandle;
  let zeebe: ReturnType<Camunda8['getZeebeGrpcApiClient']>;

  beforeAll(async () => {
    const config = loadConfig({ env: { LOG_LEVEL: 'warn', CONNECTORKIT_HTTP_BLOCKED_HOSTS: '' }, cwd: ROOT });
    config.http = { host: '127.0.0.1', port: 0 };
    config.connectors.discovery = false;
    config.worker.name = `modeler-check-${RUN}`;
    config.inbound.discoveryIntervalMs = 300;
    config.inbound.stateUrl = join(ARTIFACTS, `state-${RUN}.db`);
    runtime = await startRuntime(config, { connectors: [httpJson, sendgrid, slack, webhook, amqp, googleDrive] });
    await runtime.ready;
    zeebe = new Camunda8().getZeebeGrpcApiClient();
  });

  afterAll(async () => {
    await runtime?.stop();
    await zeebe?.close();
  });

  const deploy = async (key: string) => {
    const xml = exported.get(key);
    if (!xml) throw new Error(`no exported model for ${key}: its browser case failed`);
    const processId = /<bpmn:process id="([^"]+)"/.exec(xml)![1]!;
    await zeebe.deployResource({ name: `${processId}.bpmn`, process: Buffer.from(xml) });
    return processId;
  };

  const restCases = underTest.filter((t) => t.id === 'io.connectorkit.http-json');
  it.each(restCases.map((t) => [`REST v${t.version}: the job completes through the runtime with the URL typed in the panel`, t] as const))('%s', async (_n, t) => {
    const processId = await deploy(caseKey(t, 'bpmn:Task'));
    const result = await zeebe.createProcessInstanceWithResult({ bpmnProcessId: processId, variables: {}, requestTimeout: 30_000 });
    expect((result.variables as { answer?: { status: number; body: unknown } }).answer).toMatchObject({
      status: 200,
      body: { greeting: 'hello from the REST check', path: '/hello' },
    });
  });

  const webhookStarts = underTest.filter((t) => t.id === 'io.connectorkit.webhook.start');
  it.each(webhookStarts.map((t) => [`webhook start v${t.version}: the runtime activates it, and a POST to the context typed in the panel starts an instance`, t] as const))(
    '%s',
    async (_n, t) => {
      const processId = await deploy(caseKey(t, 'bpmn:StartEvent'));
      const context = `mc-${RUN}-start`;
      const post = async (body: string) => {
        const res = await fetch(`${runtime.url}/inbound/${context}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
        return { status: res.status, text: await res.text() };
      };
      // Discovery runs every 300 ms: the context answers 404 until the runtime has activated the connector.
      let accepted = 0;
      await expect
        .poll(async () => {
          const { status } = await post('{"hello":"modeler"}');
          if (status === 200) accepted++;
          return status;
        }, { timeout: 30_000, interval: 300 })
        .toBe(200);
      expect((await post('{"hello":"again"}')).status).toBe(200);
      accepted++;
      // Each accepted POST started an instance of the deployed model (the engine's own records).
      await expect.poll(async () => (await instancesOf(processId)).length, { timeout: 45_000, interval: 300 }).toBe(accepted);
      const list = (await (await fetch(`${runtime.url}/inbound?bpmnProcessId=${processId}`)).json()) as Record<string, unknown>[];
      expect(list).toEqual([expect.objectContaining({ status: 'ACTIVE' })]);
    },
  );
});

/** Instances of a process the engine created (its exported records, served by tools/engine). */
async function instancesOf(bpmnProcessId: string): Promise<unknown[]> {
  const res = await fetch(`${process.env.ZEEBE_REST_ADDRESS}/records?valueType=PROCESS_INSTANCE`);
  if (!res.ok) throw new Error(`GET /records: ${res.status}`);
  const records = (await res.json()) as { intent: string; value: { bpmnElementType?: string; bpmnProcessId?: string } }[];
  return records.filter((r) => r.intent === 'ELEMENT_ACTIVATED' && r.value.bpmnElementType === 'PROCESS' && r.value.bpmnProcessId === bpmnProcessId);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
