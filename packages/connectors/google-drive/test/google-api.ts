/**
 * A fake Google for tests (msw at the HTTP boundary, so google-auth-library and @googleapis/drive
 * run for real): the OAuth token endpoint (JWT bearer grant, signature checked against the test
 * key; refresh-token grant) and the Drive v3 endpoints the connector uses, over an in-memory drive
 * whose changes feed hands out numeric page tokens. Answers honour `fields` like the real API. Any
 * request no handler expects fails the test.
 */
import { createVerify, generateKeyPairSync } from 'node:crypto';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { applyFields, parseFields } from './fields.js';

export const TOKEN_URL = 'https://oauth2.googleapis.com/token';
export const DRIVE_API = 'https://www.googleapis.com/drive/v3';
export const FOLDER = 'application/vnd.google-apps.folder';

export const SA_EMAIL = 'watcher@connectorkit-test.iam.gserviceaccount.com';
export const CLIENT = { id: 'client-123.apps.googleusercontent.com', secret: 'GOCSPX-cl13ntS3cr3t', refreshToken: '1//r3fr3shT0k3nValue' };

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });

/** A service account JSON key with a real RSA key, so the library signs real JWTs. */
export function serviceAccountKey(): string {
  return JSON.stringify({
    type: 'service_account',
    project_id: 'connectorkit-test',
    private_key_id: 'key-1',
    private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }),
    client_email: SA_EMAIL,
    client_id: '1234567890',
    token_uri: TOKEN_URL,
  });
}

export interface FakeFile {
  id: string;
  name: string;
  mimeType: string;
  parents: string[];
  createdTime: string;
  modifiedTime: string;
  version: string;
  size?: string;
  trashed: boolean;
  owners: { displayName: string; emailAddress: string; kind: string }[];
  webViewLink: string;
  driveId?: string;
  description?: string;
}

export interface RecordedRequest {
  endpoint: 'token' | 'startPageToken' | 'changes' | 'files';
  url: URL;
  authorization: string | null;
  form?: URLSearchParams;
  /** JWT bearer grants: the verified claims. */
  claims?: Record<string, unknown>;
}

type Endpoint = RecordedRequest['endpoint'];

const base64url = (s: string) => Buffer.from(s, 'base64url').toString('utf8');

/** Drive's error body. */
export function driveError(status: number, reason: string, message: string, extra: Record<string, string> = {}, headers?: Record<string, string>) {
  return HttpResponse.json(
    { error: { code: status, message, errors: [{ domain: 'global', reason, message, ...extra }] } },
    { status, headers },
  );
}

export function useGoogle() {
  const server = setupServer();
  const requests: RecordedRequest[] = [];
  const failures = new Map<Endpoint, Response[]>();
  const files = new Map<string, FakeFile>();
  const changes: { fileId: string; time: string }[] = [];
  const validTokens = new Set<string>();
  let clock = Date.parse('2026-03-02T09:00:00.000Z');
  let issued = 0;
  let nextId = 0;
  const settings = { changesPageSize: 1000, filesPageSize: 1000 };

  const tick = () => new Date((clock += 1000)).toISOString();
  const failure = (endpoint: Endpoint) => failures.get(endpoint)?.shift();
  const authorized = (request: Request) => validTokens.has((request.headers.get('authorization') ?? '').replace(/^Bearer /, ''));
  const unauthorized = () =>
    HttpResponse.json({ error: { code: 401, message: 'Request had invalid authentication credentials.', status: 'UNAUTHENTICATED' } }, { status: 401 });
  const record = (endpoint: Endpoint, request: Request, extra: Partial<RecordedRequest> = {}) =>
    requests.push({ endpoint, url: new URL(request.url), authorization: request.headers.get('authorization'), ...extra });
  const withFields = (url: URL, body: unknown) => {
    const fields = url.searchParams.get('fields');
    return HttpResponse.json((fields ? applyFields(body, parseFields(fields)) : body) as never);
  };
  const change = (fileId: string, time: string) => changes.push({ fileId, time });

  function token(): Response {
    const accessToken = `ya29.test-${++issued}`;
    validTokens.add(accessToken);
    return HttpResponse.json({ access_token: accessToken, expires_in: 3599, token_type: 'Bearer' });
  }

  server.use(
    http.post(TOKEN_URL, async ({ request }) => {
      const form = new URLSearchParams(await request.text());
      const grant = form.get('grant_type');
      if (grant === 'urn:ietf:params:oauth:grant-type:jwt-bearer') {
        const [h, p, sig] = (form.get('assertion') ?? '').split('.');
        const verified = createVerify('RSA-SHA256').update(`${h}.${p}`).verify(publicKey, sig ?? '', 'base64url');
        const claims = verified ? (JSON.parse(base64url(p!)) as Record<string, unknown>) : undefined;
        record('token', request, { form, claims });
        const injected = failure('token');
        if (injected) return injected;
        if (!claims || claims.iss !== SA_EMAIL || claims.aud !== TOKEN_URL) {
          return HttpResponse.json({ error: 'invalid_grant', error_description: 'Invalid JWT Signature.' }, { status: 400 });
        }
        return token();
      }
      record('token', request, { form });
      const injected = failure('token');
      if (injected) return injected;
      if (grant === 'refresh_token') {
        const ok = form.get('client_id') === CLIENT.id && form.get('client_secret') === CLIENT.secret && form.get('refresh_token') === CLIENT.refreshToken;
        return ok ? token() : HttpResponse.json({ error: 'invalid_grant', error_description: 'Token has been expired or revoked.' }, { status: 400 });
      }
      return HttpResponse.json({ error: 'unsupported_grant_type' }, { status: 400 });
    }),
    http.get(`${DRIVE_API}/changes/startPageToken`, ({ request }) => {
      record('startPageToken', request);
      if (!authorized(request)) return unauthorized();
      return failure('startPageToken') ?? withFields(new URL(request.url), { kind: 'drive#startPageToken', startPageToken: String(changes.length) });
    }),
    http.get(`${DRIVE_API}/changes`, ({ request }) => {
      const url = new URL(request.url);
      record('changes', request);
      if (!authorized(request)) return unauthorized();
      const injected = failure('changes');
      if (injected) return injected;
      const from = Number(url.searchParams.get('pageToken'));
      if (!/^\d+$/.test(url.searchParams.get('pageToken') ?? '') || from > changes.length) {
        return driveError(400, 'invalid', 'Invalid Value', { locationType: 'parameter', location: 'pageToken' });
      }
      const size = Math.min(Number(url.searchParams.get('pageSize') ?? 100), settings.changesPageSize);
      const page = changes.slice(from, from + size);
      const more = from + size < changes.length;
      return withFields(url, {
        kind: 'drive#changeList',
        ...(more ? { nextPageToken: String(from + size) } : { newStartPageToken: String(changes.length) }),
        changes: page.map((c) => ({
          kind: 'drive#change',
          changeType: 'file',
          fileId: c.fileId,
          time: c.time,
          removed: !files.has(c.fileId),
          file: files.get(c.fileId),
        })),
      });
    }),
    http.get(`${DRIVE_API}/files`, ({ request }) => {
      const url = new URL(request.url);
      record('files', request);
      if (!authorized(request)) return unauthorized();
      const injected = failure('files');
      if (injected) return injected;
      const q = url.searchParams.get('q') ?? '';
      const parents = [...q.matchAll(/'([^']+)' in parents/g)].map((m) => m[1]!);
      const mimeIs = /mimeType = '([^']+)'/.exec(q)?.[1];
      const mimeIsNot = /mimeType != '([^']+)'/.exec(q)?.[1];
      const notTrashed = q.includes('trashed = false');
      const matching = [...files.values()].filter(
        (f) =>
          f.parents.some((p) => parents.includes(p)) &&
          (!notTrashed || !f.trashed) &&
          (mimeIs === undefined || f.mimeType === mimeIs) &&
          (mimeIsNot === undefined || f.mimeType !== mimeIsNot),
      );
      const from = Number(url.searchParams.get('pageToken') ?? 0);
      const size = Math.min(Number(url.searchParams.get('pageSize') ?? 100), settings.filesPageSize);
      const more = from + size < matching.length;
      return withFields(url, {
        kind: 'drive#fileList',
        ...(more ? { nextPageToken: String(from + size) } : {}),
        files: matching.slice(from, from + size),
      });
    }),
  );

  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => {
    requests.length = 0;
    failures.clear();
    files.clear();
    changes.length = 0;
    validTokens.clear();
    issued = 0;
    settings.changesPageSize = 1000;
    settings.filesPageSize = 1000;
  });
  afterAll(() => server.close());

  return {
    requests,
    settings,
    calls: (endpoint: Endpoint) => requests.filter((r) => r.endpoint === endpoint),
    /** The next requests to `endpoint` get these answers, in order (then the fake answers again). */
    failNext(endpoint: Endpoint, ...answers: Response[]) {
      failures.set(endpoint, [...(failures.get(endpoint) ?? []), ...answers]);
    },
    /** Every access token issued so far stops working (as if expired early or revoked). */
    expireTokens() {
      validTokens.clear();
    },
    /** Puts a file (or folder) into the drive and records the change. */
    add(init: Partial<FakeFile> & { name: string; parents: string[] }): FakeFile {
      const time = tick();
      const f: FakeFile = {
        id: `file-${++nextId}`,
        mimeType: 'application/pdf',
        createdTime: time,
        modifiedTime: time,
        version: '1',
        size: init.mimeType === FOLDER ? undefined : '1024',
        trashed: false,
        owners: [{ kind: 'drive#user', displayName: 'Ada Lovelace', emailAddress: 'ada@example.com' }],
        webViewLink: `https://drive.google.com/file/d/file-${nextId}/view`,
        ...init,
      };
      files.set(f.id, f);
      change(f.id, time);
      return f;
    },
    /** Changes a file's content or metadata (a new modified time and version unless `metadataOnly`). */
    update(id: string, patch: Partial<FakeFile>, options: { metadataOnly?: boolean } = {}): FakeFile {
      const f = files.get(id);
      if (!f) throw new Error(`no file ${id}`);
      const time = tick();
      Object.assign(f, patch, { version: String(Number(f.version) + 1) }, options.metadataOnly ? {} : { modifiedTime: time });
      change(id, time);
      return f;
    },
    remove(id: string) {
      files.delete(id);
      change(id, tick());
    },
  };
}

export type FakeGoogle = ReturnType<typeof useGoogle>;
