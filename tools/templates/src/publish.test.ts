import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Modeler } from '@camunda8/sdk';
import { defineOutbound, p } from '@connectorkit/sdk';
import { findConnectorPackages, type ConnectorPackage } from './connectors.js';
import { describeChanges, desktopModelerTemplatesDir, publishEntries, publishToFolder, publishToWebModeler, type WebModelerFiles } from './publish.js';
import { writeTemplates } from './templates.js';

const root = join(fileURLToPath(import.meta.url), '..', '..', '..', '..');
const packages = await findConnectorPackages(root);
/** A connector's current template version (its newest kept one). */
const currentVersion = async (pkg: string, id: string) =>
  (JSON.parse(await readFile(join(root, `packages/connectors/${pkg}/element-templates/${id}.json`), 'utf8')) as { version: number }).version;
const restVersion = await currentVersion('http-json', 'io.connectorkit.http-json');
const slackVersion = await currentVersion('slack', 'io.connectorkit.slack');

function acme(dir: string, version: number, label: string): ConnectorPackage[] {
  const connector = defineOutbound({
    id: 'io.acme.thing',
    name: 'Thing',
    version,
    type: 'io.acme:thing:1',
    properties: { what: p.text({ label, required: true }) },
    async execute() {
      return {};
    },
  });
  return [{ name: '@acme/thing', dir: join(dir, 'packages', 'connectors', 'acme'), connectors: [connector] }];
}

describe('publish to a folder', () => {
  it('writes every template of the workspace, then finds nothing to change', async () => {
    const entries = await publishEntries(root, packages);
    const target = join(await mkdtemp(join(tmpdir(), 'modeler-')), 'element-templates');
    const first = await publishToFolder(entries, target);
    expect(first.length).toBeGreaterThanOrEqual(18);
    expect(first.every((c) => c.action === 'add')).toBe(true);
    expect((await readdir(target)).sort()).toEqual(entries.map((e) => e.fileName).sort());
    const rest = JSON.parse(await readFile(join(target, 'io.connectorkit.http-json.json'), 'utf8'));
    expect(rest).toMatchObject({ id: 'io.connectorkit.http-json', $schema: expect.stringContaining('zeebe-element-templates-json-schema') });
    expect((await publishToFolder(entries, target)).every((c) => c.action === 'unchanged')).toBe(true);
  });

  it('ships every kept version: the newest as <id>.json, older ones as <id>-<version>.json', async () => {
    const ws = await mkdtemp(join(tmpdir(), 'publish-versions-'));
    await writeTemplates(ws, acme(ws, 1, 'What'));
    await writeTemplates(ws, acme(ws, 2, 'What exactly'));
    const entries = await publishEntries(ws, acme(ws, 2, 'What exactly'));
    expect(entries.map((e) => [e.fileName, e.version, e.latest])).toEqual([
      ['io.acme.thing-1.json', 1, false],
      ['io.acme.thing.json', 2, true],
    ]);
    const target = await mkdtemp(join(tmpdir(), 'modeler-'));
    await publishToFolder(entries, target);
    expect(JSON.parse(await readFile(join(target, 'io.acme.thing-1.json'), 'utf8')).version).toBe(1);
    expect(JSON.parse(await readFile(join(target, 'io.acme.thing.json'), 'utf8')).version).toBe(2);
  });

  it('a dry run lists what would change and writes nothing', async () => {
    const entries = await publishEntries(root, packages);
    const target = await mkdtemp(join(tmpdir(), 'modeler-'));
    await publishToFolder(entries, target);
    const slack = join(target, 'io.connectorkit.slack.json');
    await writeFile(slack, '{"edited": true}\n');
    await writeFile(join(target, 'mine.json'), '[]\n');
    const planned = await publishToFolder(entries, target, { dryRun: true });
    expect(planned.filter((c) => c.action !== 'unchanged')).toEqual([{ action: 'update', id: 'io.connectorkit.slack', version: slackVersion, target: slack }]);
    expect(await readFile(slack, 'utf8')).toBe('{"edited": true}\n');
    expect(describeChanges(planned, true)).toMatch(new RegExp(`^would update {2}io\\.connectorkit\\.slack v${slackVersion} {2}.*\\ndry run: 0 would add, 1 would update, \\d+ unchanged$`));
    await publishToFolder(entries, target);
    expect(JSON.parse(await readFile(slack, 'utf8')).id).toBe('io.connectorkit.slack');
    expect(await readFile(join(target, 'mine.json'), 'utf8')).toBe('[]\n');
  });
});

describe("Desktop Modeler's user element-templates folder", () => {
  it('is under the per-user application data directory of each operating system', () => {
    expect(desktopModelerTemplatesDir('linux', {}, '/home/ada')).toBe('/home/ada/.config/camunda-modeler/resources/element-templates');
    expect(desktopModelerTemplatesDir('linux', { XDG_CONFIG_HOME: '/xdg' }, '/home/ada')).toBe('/xdg/camunda-modeler/resources/element-templates');
    expect(desktopModelerTemplatesDir('darwin', {}, '/Users/ada')).toBe('/Users/ada/Library/Application Support/camunda-modeler/resources/element-templates');
    expect(desktopModelerTemplatesDir('win32', { APPDATA: 'C:\\Users\\ada\\AppData\\Roaming' }, 'C:\\Users\\ada')).toBe(
      'C:\\Users\\ada\\AppData\\Roaming\\camunda-modeler\\resources\\element-templates',
    );
  });

  it('is where `publish --desktop` writes, and `--dry-run` writes nothing', async () => {
    const xdg = await mkdtemp(join(tmpdir(), 'xdg-'));
    const cli = (...args: string[]) =>
      promisify(execFile)(process.execPath, ['--import', 'tsx', '--conditions=@connectorkit/source', join(root, 'tools/templates/src/cli.ts'), 'publish', ...args], {
        cwd: root,
        env: { ...process.env, XDG_CONFIG_HOME: xdg, HOME: xdg },
      });
    const dir = join(xdg, 'camunda-modeler', 'resources', 'element-templates');
    const dry = await cli('--desktop', '--dry-run');
    expect(dry.stdout).toContain(`would add  io.connectorkit.http-json v${restVersion}  ${join(dir, 'io.connectorkit.http-json.json')}`);
    await expect(readdir(dir)).rejects.toThrow();
    const real = await cli('--desktop');
    expect(real.stdout).toMatch(/\d+ added, 0 updated, 0 unchanged/);
    expect(await readdir(dir)).toContain('io.connectorkit.http-json.json');
  }, 60_000);
});

/** A Web Modeler project in memory behind its REST API v1, with OAuth as on SaaS. */
function fakeWebModeler() {
  const files = new Map<string, { metadata: Record<string, unknown> & { revision: number; name: string }; content: string }>();
  const calls: string[] = [];
  let next = 1;
  const base = 'http://modeler.test/api/v1';
  // The SDK decodes the access token (a JWT) to cache it until it expires.
  const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const token = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ aud: 'web-modeler-api', exp: Math.floor(Date.now() / 1000) + 300 })}.signature`;
  const authorized = (request: Request) => request.headers.get('authorization') === `Bearer ${token}`;
  const handlers = [
    http.post('http://auth.test/oauth/token', async ({ request }) => {
      const form = new URLSearchParams(await request.text());
      if (form.get('client_id') !== 'publisher' || form.get('client_secret') !== 's3cret') return new HttpResponse(null, { status: 401 });
      return HttpResponse.json({ access_token: token, token_type: 'Bearer', expires_in: 300 });
    }),
    http.post(`${base}/files/search`, async ({ request }) => {
      if (!authorized(request)) return new HttpResponse(null, { status: 401 });
      calls.push('search');
      const { filter, page = 0, size = 10 } = (await request.json()) as { filter: { projectId?: string }; page?: number; size?: number };
      const items = [...files.values()].map((f) => f.metadata).filter((m) => m.projectId === filter.projectId);
      return HttpResponse.json({ items: items.slice(page * size, (page + 1) * size), total: items.length });
    }),
    http.get(`${base}/files/:id`, ({ request, params }) => {
      if (!authorized(request)) return new HttpResponse(null, { status: 401 });
      const file = files.get(String(params.id));
      return file ? HttpResponse.json(file) : new HttpResponse(null, { status: 404 });
    }),
    http.post(`${base}/files`, async ({ request }) => {
      if (!authorized(request)) return new HttpResponse(null, { status: 401 });
      const body = (await request.json()) as { name: string; projectId: string; content: string; fileType: string };
      calls.push(`create ${body.name}`);
      if (body.fileType !== 'connector_template') return new HttpResponse(null, { status: 400 });
      const id = `file-${next++}`;
      // Web Modeler replaces the template's id with the file id and manages the version.
      const content = JSON.stringify({ ...JSON.parse(body.content), id, version: 1 });
      const metadata = { id, name: body.name, projectId: body.projectId, folderId: 'root', revision: 1, type: 'CONNECTOR_TEMPLATE' };
      files.set(id, { metadata, content });
      return HttpResponse.json(metadata);
    }),
    http.patch(`${base}/files/:id`, async ({ request, params }) => {
      if (!authorized(request)) return new HttpResponse(null, { status: 401 });
      const file = files.get(String(params.id));
      if (!file) return new HttpResponse(null, { status: 404 });
      const body = (await request.json()) as { content: string; revision: number };
      calls.push(`update ${file.metadata.name}`);
      if (body.revision !== file.metadata.revision) return new HttpResponse(null, { status: 409 });
      const sent = JSON.parse(body.content) as { id: string };
      if (sent.id !== file.metadata.id) return new HttpResponse(null, { status: 400 }); // content.id is not updatable
      file.content = JSON.stringify({ ...sent, version: (JSON.parse(file.content) as { version: number }).version + 1 });
      file.metadata.revision += 1;
      return HttpResponse.json(file.metadata);
    }),
  ];
  return { files, calls, handlers };
}

describe('publish to Web Modeler (its API mocked with msw, called through @camunda8/sdk)', () => {
  const modeler = fakeWebModeler();
  const server = setupServer(...modeler.handlers);
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterAll(() => server.close());

  const client = () =>
    new Modeler.ModelerApiClient({
      config: {
        CAMUNDA_MODELER_BASE_URL: 'http://modeler.test/api',
        CAMUNDA_AUTH_STRATEGY: 'OAUTH',
        CAMUNDA_OAUTH_URL: 'http://auth.test/oauth/token',
        ZEEBE_CLIENT_ID: 'publisher',
        ZEEBE_CLIENT_SECRET: 's3cret',
        CAMUNDA_MODELER_OAUTH_AUDIENCE: 'web-modeler-api',
        CAMUNDA_TOKEN_DISK_CACHE_DISABLE: true,
      },
    }) as unknown as WebModelerFiles;

  it('creates each newest template once, updates what changed, and a dry run only reads', async () => {
    const entries = await publishEntries(root, packages);
    const latest = entries.filter((e) => e.latest);

    const dry = await publishToWebModeler(entries, client(), { projectId: 'project-1', dryRun: true });
    expect(dry.map((c) => c.action)).toEqual(latest.map(() => 'add'));
    expect(modeler.calls.filter((c) => c !== 'search')).toEqual([]);

    const first = await publishToWebModeler(entries, client(), { projectId: 'project-1' });
    expect(first.map((c) => c.action)).toEqual(latest.map(() => 'add'));
    expect(modeler.files.size).toBe(latest.length);
    const restFile = [...modeler.files.values()].find((f) => f.metadata.name === 'REST')!;
    expect(JSON.parse(restFile.content)).toMatchObject({ name: 'REST', category: { id: 'connectors' } });

    expect((await publishToWebModeler(entries, client(), { projectId: 'project-1' })).every((c) => c.action === 'unchanged')).toBe(true);

    // Someone edits the REST template in Web Modeler: a dry run reports it, a publish restores ours.
    restFile.content = JSON.stringify({ ...JSON.parse(restFile.content), description: 'edited' });
    modeler.calls.length = 0;
    const planned = await publishToWebModeler(entries, client(), { projectId: 'project-1', dryRun: true });
    expect(planned.filter((c) => c.action !== 'unchanged')).toEqual([{ action: 'update', id: 'io.connectorkit.http-json', version: restVersion, target: 'REST' }]);
    expect(modeler.calls.filter((c) => c !== 'search')).toEqual([]);
    await publishToWebModeler(entries, client(), { projectId: 'project-1' });
    expect(modeler.calls).toContain('update REST');
    const restored = JSON.parse(restFile.content);
    expect(restored.description).toBe(JSON.parse(latest.find((e) => e.name === 'REST')!.content).description);
    expect(restored).toMatchObject({ id: restFile.metadata.id, version: 2 });
    expect((await publishToWebModeler(entries, client(), { projectId: 'project-1' })).every((c) => c.action === 'unchanged')).toBe(true);
  }, 60_000);
});
