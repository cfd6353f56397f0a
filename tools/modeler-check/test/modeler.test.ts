import { generateKeyPairSync } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { Camunda8 } from '@camunda8/sdk';
import amqplib, { type Channel, type ChannelModel } from 'amqplib';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
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
/** Cases of inbound templates (webhook, AMQP, Google Drive): each runs on the engine once its model is exported. */
const inboundCases = cases.filter((c) => /^io\.connectorkit\.(webhook|amqp|google-drive)\./.test(c.template.id));

/** The webhook ID typed for a webhook case: one per template and element kind, so no two deployed models share one. */
const contextOf = (t: Template, kind: string) => `mc-${RUN}-${t.id.split('.').pop()}-${kind.slice(5)}`;
/** The queue typed for an AMQP case, one per template and element kind. */
const queueOf = (t: Template, kind: string) => `mc-${RUN}-${t.id.split('.').pop()}-${kind.slice(5)}`;
const AMQP_URL = process.env.CONNECTORKIT_TEST_AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
/** The Drive folder typed for a Google Drive case, one per template and element kind. */
const folderOf = (t: Template, kind: string) => `mc-folder-${RUN}-${t.id.split('.').pop()}-${kind.slice(5)}`;
/** The correlation key of instances of intermediate, boundary and receive cases. */
const ORDER_ID = `order-${RUN}`;
/** Inbound kinds whose element waits in a running instance, correlated by key (the template shows the correlation keys unconditionally). */
const waitsForMessage = (t: Template) => t.properties.some((p) => p.id === 'correlationKeyProcess' && !p.condition);

/**
 * What a test enters in the panel per template: dropdown choices first (property id -> value), then
 * the fields it types (property id -> text as typed; FEEL editors store it behind a `=`).
 */
function inputsFor(t: Template, kind: string, restUrl: string): { choose: Record<string, string>; type: Record<string, string> } {
  const correlation = (payload: string): Record<string, string> => (waitsForMessage(t) ? { correlationKeyProcess: 'orderId', correlationKeyPayload: payload } : {});
  if (t.id === 'io.connectorkit.http-json') return { choose: {}, type: { url: restUrl, resultVariable: 'answer' } };
  if (t.id === 'io.connectorkit.sendgrid') {
    return {
      choose: { 'unMappedFieldNotUseInModel.mailType': 'mail' },
      type: {
        apiKey: `SG.mc-${RUN}`,
        'from.name': 'Modeler Check',
        'from.email': 'modeler-check@example.com',
        'to.name': 'Jane Receiver',
        'to.email': 'jane.receiver@example.com',
        'content.subject': `Order ${RUN} received`,
        'content.value': `Hello from the Modeler check ${RUN}`,
        resultVariable: 'sent',
      },
    };
  }
  if (t.id === 'io.connectorkit.slack') {
    return { choose: {}, type: { token: `xoxb-mc-${RUN}`, 'data.channel': 'C0MODELER', 'data.text': `Hello from the Modeler check ${RUN}`, resultVariable: 'posted' } };
  }
  if (t.id.startsWith('io.connectorkit.webhook.')) {
    return { choose: {}, type: { 'inbound.context': contextOf(t, kind), ...correlation('request.body.orderId'), resultVariable: 'event' } };
  }
  if (t.id.startsWith('io.connectorkit.amqp.')) {
    return { choose: {}, type: { 'authentication.uri': AMQP_URL, queueName: queueOf(t, kind), ...correlation('message.body.orderId'), resultVariable: 'event' } };
  }
  if (t.id.startsWith('io.connectorkit.google-drive.')) {
    return {
      choose: {},
      type: { 'authentication.serviceAccountKey': '{{secrets.MC_GDRIVE_KEY}}', 'folder.id': folderOf(t, kind), pollingInterval: 'PT1S', ...correlation('file.name'), resultVariable: 'event' },
    };
  }
  const field = t.properties.find((p) => p.type === 'String' && !p.condition && p.feel !== 'required' && p.label);
  if (!field?.id) throw new Error(`${t.id} has no plain text field to type into`);
  return { choose: {}, type: { [field.id]: `modeler-check-${RUN}` } };
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

    // Choices made and values typed into the panel land in the exported XML.
    const { choose, type } = inputsFor(template, kind, restUrl);
    const groupOf = (propertyId: string) => {
      const property = template.properties.find((p) => p.id === propertyId)!;
      const group = template.groups.find((g) => g.id === property.group)!;
      return page
        .locator('#panel .bio-properties-panel-group')
        .filter({ has: page.locator('.bio-properties-panel-group-header-title', { hasText: new RegExp(`^${escapeRegExp(group.label)}$`) }) });
    };
    const entry = async (propertyId: string) => {
      const property = template.properties.find((p) => p.id === propertyId)!;
      // Groups whose fields all have conditions stay closed until the test opens them, as a user would.
      const header = groupOf(propertyId).locator('.bio-properties-panel-group-header');
      if (!(await header.getAttribute('class'))?.includes('open')) await header.click();
      return groupOf(propertyId)
        .locator('.bio-properties-panel-entry')
        .filter({ has: page.locator('label', { hasText: new RegExp(`^${escapeRegExp(property.label!)}$`) }) });
    };
    for (const [propertyId, value] of Object.entries(choose)) await (await entry(propertyId)).locator('select').selectOption(value);
    for (const [propertyId, value] of Object.entries(type)) {
      const input = (await entry(propertyId)).locator('input, textarea, [contenteditable="true"]').first();
      await input.click();
      await input.fill(value);
      await input.press('Tab');
    }
    const expected = Object.entries({ ...choose, ...type }).map(([propertyId, value]) => {
      const property = template.properties.find((p) => p.id === propertyId)!;
      return { property, value: property.feel === 'required' ? `=${value}` : value };
    });
    const xml = await expect
      .poll(async () => {
        const x = await page.evaluate(() => (globalThis as unknown as { check: { xml(): Promise<string> } }).check.xml());
        return expected.every(({ value }) => x.includes(escapeXml(value))) ? x : undefined;
      }, { timeout: 20_000 })
      .toBeDefined()
      .then(() => page.evaluate(() => (globalThis as unknown as { check: { xml(): Promise<string> } }).check.xml()));
    for (const { property, value } of expected) expect(xml, `${property.id} in the XML`).toMatch(bound(property.binding, value));
    expect(xml).toContain(`zeebe:modelerTemplate="${template.id}"`);
    exported.set(caseKey(template, kind), xml);

    await page.screenshot({ path: join(ARTIFACTS, 'screenshots', `${template.id}-v${template.version}-${kind.slice(5)}.png`) });
    expect(consoleErrors, 'errors in the browser console').toEqual([]);
  });
});

describe('the exported models run on the local engine and the runtime', () => {
  let runtime: RuntimeHandle;
  let zeebe: ReturnType<Camunda8['getZeebeGrpcApiClient']>;
  let broker: ChannelModel | undefined;
  let channel: Channel;

  /** SendGrid, Slack and Google (token endpoint and Drive v3) mocked at the HTTP boundary of this process, where the runtime runs. */
  const sendgridRequests: { authorization: string | null; body: unknown }[] = [];
  const slackRequests: { method: string; authorization: string | null; form: Record<string, string> }[] = [];
  const driveFiles: Record<string, unknown>[] = [];
  const apis = setupServer(
    http.post('https://api.sendgrid.com/v3/mail/send', async ({ request }) => {
      sendgridRequests.push({ authorization: request.headers.get('authorization'), body: await request.json() });
      return new HttpResponse(null, { status: 202, headers: { 'X-Message-Id': `msg-${RUN}` } });
    }),
    http.post('https://slack.com/api/:method', async ({ request, params }) => {
      const form = Object.fromEntries(new URLSearchParams(await request.text()));
      slackRequests.push({ method: String(params.method), authorization: request.headers.get('authorization'), form });
      if (params.method !== 'chat.postMessage') return HttpResponse.json({ ok: false, error: 'unknown_method' });
      return HttpResponse.json({ ok: true, channel: form.channel, ts: '1700000000.000100', message: { type: 'message', text: form.text, ts: '1700000000.000100', bot_id: 'B1' } });
    }),
    http.post('https://oauth2.googleapis.com/token', () => HttpResponse.json({ access_token: `ya29.mc-${RUN}`, expires_in: 3599, token_type: 'Bearer' })),
    http.get('https://www.googleapis.com/drive/v3/changes/startPageToken', () => HttpResponse.json({ startPageToken: String(driveFiles.length) })),
    http.get('https://www.googleapis.com/drive/v3/changes', ({ request }) => {
      const from = Number(new URL(request.url).searchParams.get('pageToken'));
      const page = driveFiles.slice(from, from + 50);
      const time = new Date().toISOString();
      return HttpResponse.json({
        kind: 'drive#changeList',
        changes: page.map((file) => ({ kind: 'drive#change', changeType: 'file', fileId: file.id, removed: false, file, time })),
        ...(from + page.length < driveFiles.length ? { nextPageToken: String(from + page.length) } : { newStartPageToken: String(driveFiles.length) }),
      });
    }),
    http.get('https://www.googleapis.com/drive/v3/files', () => HttpResponse.json({ kind: 'drive#fileList', files: driveFiles })),
  );
  const addDriveFile = (folder: string, name: string) => {
    const id = `file-${RUN}-${driveFiles.length + 1}`;
    const now = new Date().toISOString();
    driveFiles.push({ kind: 'drive#file', id, name, mimeType: 'application/pdf', size: '1234', createdTime: now, modifiedTime: now, parents: [folder], trashed: false });
  };

  beforeAll(async () => {
    apis.listen({ onUnhandledRequest: 'bypass' });
    // The service account key the Drive templates reference as {{secrets.MC_GDRIVE_KEY}}.
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const driveKey = JSON.stringify({
      type: 'service_account',
      client_email: 'modeler-check@connectorkit.iam.gserviceaccount.com',
      private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }),
      private_key_id: 'k1',
      token_uri: 'https://oauth2.googleapis.com/token',
    });
    process.env.SECRET_MC_GDRIVE_KEY = driveKey;
    try {
      broker = await amqplib.connect(AMQP_URL, { timeout: 5_000 });
    } catch (e) {
      throw new Error(`The Modeler check runs the AMQP templates on RabbitMQ at ${AMQP_URL.replace(/:[^:@/]*@/, ':***@')} (CONNECTORKIT_TEST_AMQP_URL to use another), which could not be reached: ${(e as Error).message}`);
    }
    broker.on('error', () => undefined);
    channel = await broker.createChannel();
    for (const c of inboundCases.filter((c) => c.template.id.startsWith('io.connectorkit.amqp.'))) await channel.assertQueue(queueOf(c.template, c.kind), { durable: false });

    const config = loadConfig({ env: { LOG_LEVEL: 'warn', CONNECTORKIT_HTTP_BLOCKED_HOSTS: '', SECRET_MC_GDRIVE_KEY: driveKey }, cwd: ROOT });
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
    if (broker) {
      for (const c of inboundCases.filter((c) => c.template.id.startsWith('io.connectorkit.amqp.'))) await channel.deleteQueue(queueOf(c.template, c.kind)).catch(() => undefined);
      await broker.close().catch(() => undefined);
    }
    apis.close();
    delete process.env.SECRET_MC_GDRIVE_KEY;
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
      const context = contextOf(t, 'bpmn:StartEvent');
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

  const sendgridCases = underTest.filter((t) => t.id === 'io.connectorkit.sendgrid');
  it.each(sendgridCases.map((t) => [`SendGrid v${t.version}: the job completes through the runtime, and SendGrid gets the mail typed in the panel`, t] as const))('%s', async (_n, t) => {
    const processId = await deploy(caseKey(t, 'bpmn:Task'));
    sendgridRequests.length = 0;
    const result = await zeebe.createProcessInstanceWithResult({ bpmnProcessId: processId, variables: {}, requestTimeout: 30_000 });
    expect((result.variables as { sent?: unknown }).sent).toEqual({ statusCode: 202, messageId: `msg-${RUN}` });
    expect(sendgridRequests).toEqual([
      {
        authorization: `Bearer SG.mc-${RUN}`,
        body: {
          from: { email: 'modeler-check@example.com', name: 'Modeler Check' },
          subject: `Order ${RUN} received`,
          personalizations: [{ to: [{ email: 'jane.receiver@example.com', name: 'Jane Receiver' }] }],
          content: [{ type: 'text/plain', value: `Hello from the Modeler check ${RUN}` }],
        },
      },
    ]);
  });

  const slackCases = underTest.filter((t) => t.id === 'io.connectorkit.slack');
  it.each(slackCases.map((t) => [`Slack v${t.version}: the job completes through the runtime, and Slack gets the message typed in the panel`, t] as const))('%s', async (_n, t) => {
    const processId = await deploy(caseKey(t, 'bpmn:Task'));
    slackRequests.length = 0;
    const result = await zeebe.createProcessInstanceWithResult({ bpmnProcessId: processId, variables: {}, requestTimeout: 30_000 });
    expect((result.variables as { posted?: unknown }).posted).toMatchObject({ channel: 'C0MODELER', ts: '1700000000.000100' });
    expect(slackRequests).toEqual([
      { method: 'chat.postMessage', authorization: `Bearer xoxb-mc-${RUN}`, form: expect.objectContaining({ channel: 'C0MODELER', text: `Hello from the Modeler check ${RUN}` }) },
    ]);
  });

  /**
   * Delivers one event to the inbound connector of a case the way its source would: a POST to the
   * webhook ID (retried while the runtime has not activated it yet), a message on the queue, a new
   * file in the watched folder (once the connector has taken its baseline). `orderId` goes in the
   * payload (the file's name for Drive); `check` says how the event looks in the result variable.
   */
  const sources: Record<string, { send(t: Template, kind: string, processId: string, orderId: string): Promise<void>; check(event: unknown, orderId: string): void }> = {
    webhook: {
      async send(t, kind, _processId, orderId) {
        await expect
          .poll(async () => (await fetch(`${runtime.url}/inbound/${contextOf(t, kind)}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ orderId }) })).status, {
            timeout: 30_000,
            interval: 300,
          })
          .toBe(200);
      },
      check: (event, orderId) => expect(event).toMatchObject({ request: { body: { orderId } } }),
    },
    amqp: {
      async send(t, kind, _processId, orderId) {
        channel.sendToQueue(queueOf(t, kind), Buffer.from(JSON.stringify({ orderId })), { contentType: 'application/json' });
      },
      check: (event, orderId) => expect(event).toMatchObject({ message: { body: { orderId } } }),
    },
    'google-drive': {
      async send(t, kind, processId, orderId) {
        // The first poll takes the folder's baseline (files already there start nothing): add the file after it.
        await expect
          .poll(async () => {
            const list = (await (await fetch(`${runtime.url}/inbound?bpmnProcessId=${processId}`)).json()) as { activity?: { message: string }[] }[];
            return list.some((e) => e.activity?.some((a) => /existing files will not start processes/.test(a.message)));
          }, { timeout: 30_000, interval: 300 })
          .toBe(true);
        addDriveFile(folderOf(t, kind), orderId);
      },
      check: (event, orderId) => expect(event).toMatchObject({ file: { name: orderId } }),
    },
  };
  const sourceOf = (t: Template) => sources[t.id.split('.')[2]!]!;

  const startCases = inboundCases.filter((c) => !waitsForMessage(c.template) && c.template.id !== 'io.connectorkit.webhook.start');
  it.each(startCases.map((c) => [`${c.template.id} v${c.template.version} on ${c.kind}: an event at the source typed in the panel starts one instance with the result variable`, c] as const))(
    '%s',
    async (_n, { template, kind }) => {
      const processId = await deploy(caseKey(template, kind));
      const orderId = `${ORDER_ID}-${kind.slice(5)}-${template.id.split('.').pop()}`;
      await sourceOf(template).send(template, kind, processId, orderId);
      const [instance] = await expect.poll(() => instancesOf(processId), { timeout: 45_000, interval: 300 }).toHaveLength(1).then(() => instancesOf(processId));
      const variables = await expect.poll(() => variablesOf(instance!.key), { timeout: 15_000, interval: 300 }).toHaveProperty('event').then(() => variablesOf(instance!.key));
      sourceOf(template).check(variables.event, orderId);
    },
  );

  const waitingCases = inboundCases.filter((c) => waitsForMessage(c.template));
  it.each(waitingCases.map((c) => [`${c.template.id} v${c.template.version} on ${c.kind}: an instance waits there and an event with its correlation key completes it with the result variable`, c] as const))(
    '%s',
    async (_n, { template, kind }) => {
      const processId = await deploy(caseKey(template, kind));
      const orderId = `${ORDER_ID}-${kind.slice(5)}-${template.id.split('.').pop()}`;
      const done = zeebe.createProcessInstanceWithResult({ bpmnProcessId: processId, variables: { orderId }, requestTimeout: 60_000 });
      await sourceOf(template).send(template, kind, processId, orderId);
      const { variables } = await done;
      expect(variables).toMatchObject({ orderId });
      sourceOf(template).check((variables as { event?: unknown }).event, orderId);
    },
  );
});

/** Instances of a process the engine created (its exported records, served by tools/engine). */
async function instancesOf(bpmnProcessId: string): Promise<{ key: string }[]> {
  const res = await fetch(`${process.env.ZEEBE_REST_ADDRESS}/records?valueType=PROCESS_INSTANCE`);
  if (!res.ok) throw new Error(`GET /records: ${res.status}`);
  const records = (await res.json()) as { key: string | number; intent: string; value: { bpmnElementType?: string; bpmnProcessId?: string } }[];
  return records
    .filter((r) => r.intent === 'ELEMENT_ACTIVATED' && r.value.bpmnElementType === 'PROCESS' && r.value.bpmnProcessId === bpmnProcessId)
    .map((r) => ({ key: String(r.key) }));
}

/** The variables of a process instance (the engine's exported records). */
async function variablesOf(processInstanceKey: string): Promise<Record<string, unknown>> {
  const res = await fetch(`${process.env.ZEEBE_REST_ADDRESS}/records?valueType=VARIABLE`);
  if (!res.ok) throw new Error(`GET /records: ${res.status}`);
  const records = (await res.json()) as { value: { processInstanceKey: string | number; name: string; value: string } }[];
  return Object.fromEntries(records.filter((r) => String(r.value.processInstanceKey) === processInstanceKey).map((r) => [r.value.name, JSON.parse(r.value.value) as unknown]));
}

/** Where a template property's binding puts a value in the XML, as a pattern (attributes in either order). */
function bound(binding: TemplateProperty['binding'], value: string): RegExp {
  const attr = (name: string, v: string) => `\\b${escapeRegExp(name)}="${escapeRegExp(escapeXml(v))}"`;
  const tag = (a: string, b: string) => new RegExp(`<[^>]*${a}[^>]*${b}|<[^>]*${b}[^>]*${a}`);
  if (binding.type === 'zeebe:input') return tag(attr('source', value), attr('target', binding.name!));
  if (binding.type === 'zeebe:property') return tag(attr('name', binding.name!), attr('value', value));
  if (binding.type === 'zeebe:taskHeader') return tag(attr('key', binding.key!), attr('value', value));
  if (binding.type.endsWith('#property')) return new RegExp(attr(binding.name!, value));
  throw new Error(`no pattern for a ${binding.type} binding`);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
