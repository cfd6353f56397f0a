import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RuntimeHandle } from '@connectorkit/runtime';
import { googleDriveConnector } from '@connectorkit/connector-google-drive';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, RUN, testClient, type ZeebeClient } from './support/engine.js';
import { deployXml, inboundEntry, instancesOf, instanceVariables, startInboundRuntime } from './support/inbound.js';
import { startModel } from './support/inbound-models.js';

/**
 * Google's token endpoint and the Drive v3 API, mocked at the HTTP boundary inside the runtime's
 * process (msw): Google's own client libraries run. Everything else (the engine) passes through.
 */
const FOLDER = `folder-${RUN}`;
const SA_EMAIL = 'e2e@connectorkit-e2e.iam.gserviceaccount.com';
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const files = new Map<string, Record<string, unknown>>();
const changes: string[] = [];
let fileCounter = 0;

function addFile(name: string) {
  const id = `file-${RUN}-${++fileCounter}`;
  const now = new Date(Date.UTC(2026, 10, 30, 9, 0, fileCounter)).toISOString();
  files.set(id, {
    kind: 'drive#file',
    id,
    name,
    mimeType: 'application/pdf',
    size: String(1000 + fileCounter),
    createdTime: now,
    modifiedTime: now,
    parents: [FOLDER],
    owners: [{ displayName: 'E2E', emailAddress: 'e2e@example.com' }],
    webViewLink: `https://drive.google.com/file/d/${id}/view`,
    trashed: false,
  });
  changes.push(id);
  return id;
}

const server = setupServer(
  http.post('https://oauth2.googleapis.com/token', () => HttpResponse.json({ access_token: `ya29.e2e-${randomUUID()}`, expires_in: 3599, token_type: 'Bearer' })),
  http.get('https://www.googleapis.com/drive/v3/changes/startPageToken', () => HttpResponse.json({ startPageToken: String(changes.length) })),
  http.get('https://www.googleapis.com/drive/v3/changes', ({ request }) => {
    const from = Number(new URL(request.url).searchParams.get('pageToken'));
    const page = changes.slice(from, from + 2);
    const more = from + page.length < changes.length;
    return HttpResponse.json({
      kind: 'drive#changeList',
      changes: page.map((fileId) => ({ kind: 'drive#change', changeType: 'file', fileId, removed: false, file: files.get(fileId), time: new Date().toISOString() })),
      ...(more ? { nextPageToken: String(from + page.length) } : { newStartPageToken: String(changes.length) }),
    });
  }),
  http.get('https://www.googleapis.com/drive/v3/files', () => HttpResponse.json({ kind: 'drive#fileList', files: [...files.values()] })),
);

let client: ZeebeClient;
let runtime: RuntimeHandle | undefined;
const stateUrl = join(tmpdir(), `connectorkit-e2e-drive-${RUN}.db`);

const start = () =>
  startInboundRuntime([googleDriveConnector], (c) => {
    c.inbound.stateUrl = stateUrl;
    c.inbound.pollIntervalMinMs = 100;
  });

beforeAll(async () => {
  server.listen({ onUnhandledRequest: 'bypass' });
  client = testClient();
  process.env.SECRET_E2E_GDRIVE_KEY = JSON.stringify({
    type: 'service_account',
    client_email: SA_EMAIL,
    private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }),
    private_key_id: 'k1',
    token_uri: 'https://oauth2.googleapis.com/token',
  });
  runtime = await start();
});

afterAll(async () => {
  await runtime?.stop(5000);
  server.close();
  await client?.close();
  delete process.env.SECRET_E2E_GDRIVE_KEY;
});

describe('Google Drive connector on the runtime (Drive mocked in-process)', () => {
  const pid = `e2e-drive-${RUN}`;

  it('three new files start three instances with the file variables; the next polls and a restart start none', async () => {
    addFile('before-deploy.pdf'); // already there: never starts a process
    await deployXml(
      client,
      pid,
      startModel(pid, {
        'inbound.type': googleDriveConnector.type,
        'authentication.authType': 'serviceAccount',
        'authentication.serviceAccountKey': '{{secrets.E2E_GDRIVE_KEY}}',
        'folder.id': FOLDER,
        pollingInterval: 'PT0.2S',
        resultVariable: 'event',
      }),
    );
    // The first poll takes the baseline: files already there start nothing.
    const entry = await inboundEntry(runtime!, pid, (e) => (e.activity as { message: string }[]).some((a) => /1 existing files will not start processes/.test(a.message)));
    expect(entry.status).toBe('ACTIVE');
    const names = ['a.pdf', 'b.pdf', 'c.pdf'];
    const ids = names.map(addFile);
    const created = await eventually('three instances', async () => {
      const list = await instancesOf(pid);
      return list.length >= 3 ? list : undefined;
    });
    await new Promise((r) => setTimeout(r, 1000));
    expect(await instancesOf(pid)).toHaveLength(3);
    const seen = await Promise.all(
      created.map((i) => eventually('variables', async () => ((await instanceVariables(i.key)).event as { file?: { id: string; name: string } } | undefined)?.file)),
    );
    expect(seen.map((f) => f.name).sort()).toEqual(names);
    expect(seen.map((f) => f.id).sort()).toEqual([...ids].sort());
    expect(seen[0]).toMatchObject({ mimeType: 'application/pdf', parents: [FOLDER], webViewLink: expect.stringContaining('drive.google.com') });

    await runtime!.stop(5000);
    runtime = await start();
    await inboundEntry(runtime, pid);
    await new Promise((r) => setTimeout(r, 1500));
    expect(await instancesOf(pid)).toHaveLength(3);
  });
});
