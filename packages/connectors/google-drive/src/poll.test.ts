import { ConnectorError, ConnectorRetryError } from '@connectorkit/sdk';
import { memoryStateStore } from '@connectorkit/sdk/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CLIENT, driveError, FOLDER, SA_EMAIL, TOKEN_URL, useGoogle } from '../test/google-api.js';
import { correlatedNames, pollAll, refreshToken, ROOT, savedCursor, secrets, watch } from '../test/harness.js';
import { BASELINE_KEY } from './baseline.js';

const google = useGoogle();

describe('first poll', () => {
  it('takes a start page token and the baseline, correlates nothing, and signs a real JWT for the token', async () => {
    google.add({ name: 'old-1.pdf', parents: [ROOT] });
    google.add({ name: 'old-2.pdf', parents: [ROOT] });
    const h = await watch();

    const outcome = await h.poll();

    expect(outcome).toMatchObject({ status: 'done', correlated: 0, more: false });
    expect(h.correlations).toHaveLength(0);
    expect(await savedCursor(h.state)).toEqual({ pageToken: '2' });
    expect(Object.keys((await h.state.get<{ files: object }>(BASELINE_KEY))!.files)).toEqual(['file-1', 'file-2']);
    const [grant] = google.calls('token');
    expect(grant!.form!.get('grant_type')).toBe('urn:ietf:params:oauth:grant-type:jwt-bearer');
    expect(grant!.claims).toMatchObject({ iss: SA_EMAIL, aud: TOKEN_URL, scope: 'https://www.googleapis.com/auth/drive.metadata.readonly' });
    expect(grant!.claims!.sub).toBeUndefined();
    expect(google.calls('startPageToken')[0]!.authorization).toBe('Bearer ya29.test-1');
    expect(google.calls('files')[0]!.url.searchParams.get('q')).toBe(
      `('${ROOT}' in parents) and trashed = false and mimeType != '${FOLDER}'`,
    );
    expect(h.activities).toContainEqual(expect.objectContaining({ tag: 'Baseline', message: expect.stringContaining('2 existing files') }));
  });

  it('then reads changes from that token, reusing the access token while it is valid', async () => {
    google.add({ name: 'old.pdf', parents: [ROOT] });
    const h = await watch();
    await h.poll();

    await h.poll();
    await h.poll();

    expect(google.calls('changes').map((r) => r.url.searchParams.get('pageToken'))).toEqual(['1', '1']);
    expect(google.calls('token')).toHaveLength(1);
    expect(h.correlations).toHaveLength(0);
  });
});

describe('new files', () => {
  it('correlates each new file once, over several pages of changes, with its metadata as `file`', async () => {
    google.add({ name: 'existing.pdf', parents: [ROOT] });
    const h = await watch();
    await h.poll();
    google.settings.changesPageSize = 2;
    const added = ['a.pdf', 'b.pdf', 'c.pdf', 'd.pdf', 'e.pdf'].map((name) => google.add({ name, parents: [ROOT] }));
    google.add({ name: 'elsewhere.pdf', parents: ['otherFolder'] });

    const first = await h.poll();
    expect(first).toMatchObject({ correlated: 2, more: true });
    expect(await savedCursor(h.state)).toEqual({ pageToken: '3' });
    const polls = await pollAll(h);

    expect(polls).toBe(2);
    expect(correlatedNames(h)).toEqual(['a.pdf', 'b.pdf', 'c.pdf', 'd.pdf', 'e.pdf']);
    expect(await savedCursor(h.state)).toEqual({ pageToken: '7' });
    const a = added[0]!;
    expect(h.correlations[0]).toMatchObject({ options: { messageId: a.id }, result: { status: 'correlated' } });
    expect(h.correlations[0]!.variables).toEqual({
      file: {
        id: a.id,
        name: 'a.pdf',
        mimeType: 'application/pdf',
        size: 1024,
        createdTime: a.createdTime,
        modifiedTime: a.modifiedTime,
        version: 1,
        owners: [{ displayName: 'Ada Lovelace', emailAddress: 'ada@example.com' }],
        parents: [ROOT],
        webViewLink: a.webViewLink,
      },
    });
    const list = google.calls('changes')[0]!.url.searchParams;
    expect(list.get('supportsAllDrives')).toBe('true');
    expect(list.get('includeItemsFromAllDrives')).toBe('true');
  });

  it('correlates a file that arrives late, in a later poll, and nothing twice', async () => {
    const h = await watch();
    await h.poll();
    google.add({ name: 'first.pdf', parents: [ROOT] });
    await h.poll();
    await h.poll();

    google.add({ name: 'late.pdf', parents: [ROOT] });
    await h.poll();
    await h.poll();

    expect(correlatedNames(h)).toEqual(['first.pdf', 'late.pdf']);
  });

  it('correlates a file moved into the folder, but not one moved out, trashed, or there from the start', async () => {
    const outside = google.add({ name: 'moved-in.pdf', parents: ['otherFolder'] });
    const old = google.add({ name: 'old.pdf', parents: [ROOT] });
    const h = await watch();
    await h.poll();

    google.update(outside.id, { parents: [ROOT] }, { metadataOnly: true });
    const leaving = google.add({ name: 'leaving.pdf', parents: [ROOT] });
    google.update(leaving.id, { parents: ['otherFolder'] });
    const binned = google.add({ name: 'binned.pdf', parents: [ROOT] });
    google.update(binned.id, { trashed: true });
    google.update(old.id, { parents: ['otherFolder'] });
    google.update(old.id, { parents: [ROOT] });
    const deleted = google.add({ name: 'deleted.pdf', parents: [ROOT] });
    google.remove(deleted.id);
    await pollAll(h);

    expect(correlatedNames(h)).toEqual(['moved-in.pdf']);
  });

  it('watches subfolders when asked, including one created later, and lists the tree only when it changes', async () => {
    const sub = google.add({ name: 'sub', mimeType: FOLDER, parents: [ROOT] });
    const deep = google.add({ name: 'deep', mimeType: FOLDER, parents: [sub.id] });
    const h = await watch({ folder: { includeSubfolders: 'true' } });
    await h.poll();
    const treeListings = () => google.calls('files').filter((r) => r.url.searchParams.get('q')!.startsWith(`mimeType = '${FOLDER}'`)).length;
    expect(treeListings()).toBe(3); // root, sub, deep (deep has no children)

    google.add({ name: 'deep.pdf', parents: [deep.id] });
    google.add({ name: 'elsewhere.pdf', parents: ['otherFolder'] });
    await h.poll();
    expect(treeListings()).toBe(3);

    const later = google.add({ name: 'later', mimeType: FOLDER, parents: [deep.id] });
    google.add({ name: 'in-later.pdf', parents: [later.id] });
    await h.poll();

    expect(correlatedNames(h)).toEqual(['deep.pdf', 'in-later.pdf']);
    expect(treeListings()).toBeGreaterThan(3);
  });
});

describe('filters', () => {
  async function afterAdding(filter: Record<string, string>, files: [string, string][]) {
    const h = await watch({ filter });
    await h.poll();
    for (const [name, mimeType] of files) google.add({ name, mimeType, parents: [ROOT] });
    await pollAll(h);
    return correlatedNames(h);
  }

  it('keeps files whose name matches a glob (whole name, any case) and whose type is listed (a family with /*)', async () => {
    const names = await afterAdding({ namePattern: '*.pdf', mimeTypes: 'application/pdf, image/*' }, [
      ['a.pdf', 'application/pdf'],
      ['b.txt', 'text/plain'],
      ['C.PDF', 'image/png'],
      ['d.pdf', 'text/plain'],
      ['e.pdf.txt', 'application/pdf'],
    ]);

    expect(names).toEqual(['a.pdf', 'C.PDF']);
  });

  it('keeps files whose name matches a regular expression, with flags when written /…/flags', async () => {
    const names = await afterAdding({ namePattern: '/^invoice-\\d+\\.pdf$/i', namePatternType: 'regex' }, [
      ['invoice-12.pdf', 'application/pdf'],
      ['INVOICE-7.PDF', 'application/pdf'],
      ['invoice-x.pdf', 'application/pdf'],
      ['my-invoice-1.pdf', 'application/pdf'],
    ]);

    expect(names).toEqual(['invoice-12.pdf', 'INVOICE-7.PDF']);
  });

  it('never correlates a folder', async () => {
    const names = await afterAdding({}, [
      ['a folder', FOLDER],
      ['a.pdf', 'application/pdf'],
    ]);

    expect(names).toEqual(['a.pdf']);
  });
});

describe('changed files', () => {
  it('with "new files" a modified file starts nothing more, nor does a modified file that was there before', async () => {
    const old = google.add({ name: 'old.pdf', parents: [ROOT] });
    const h = await watch({ filter: { events: 'new' } });
    await h.poll();
    const fresh = google.add({ name: 'fresh.pdf', parents: [ROOT] });
    await h.poll();

    google.update(fresh.id, { size: '2048' });
    google.update(old.id, { size: '2048' });
    await h.poll();

    expect(correlatedNames(h)).toEqual(['fresh.pdf']);
  });

  it('with "new and changed files" each modification starts one, identified by file id and modified time', async () => {
    const old = google.add({ name: 'old.pdf', parents: [ROOT] });
    const h = await watch({ filter: { events: 'newOrChanged' } });
    await h.poll();
    const fresh = google.add({ name: 'fresh.pdf', parents: [ROOT] });
    await h.poll();

    const changed = google.update(fresh.id, { size: '2048' });
    google.update(old.id, { size: '4096' });
    google.update(fresh.id, { description: 'shared' }, { metadataOnly: true });
    await pollAll(h);

    expect(correlatedNames(h)).toEqual(['fresh.pdf', 'fresh.pdf', 'old.pdf']);
    expect(h.correlations[1]!.options.messageId).toBe(`${fresh.id}@${changed.modifiedTime}`);
    expect(h.correlations[1]!.variables).toMatchObject({ file: { size: 2048, version: 3 } }); // the feed shows the file as it is now
    expect(h.correlations.map((c) => c.result)).not.toContainEqual(expect.objectContaining({ duplicate: true }));
  });
});

describe('authentication', () => {
  afterEach(() => void vi.useRealTimers());

  it('gets a new access token before calling Drive once the old one has expired', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const h = await watch();
    await h.poll();
    google.add({ name: 'a.pdf', parents: [ROOT] });

    vi.setSystemTime(Date.now() + 3600_000);
    await h.poll();

    expect(correlatedNames(h)).toEqual(['a.pdf']);
    expect(google.calls('token')).toHaveLength(2);
    expect(google.calls('changes').map((r) => r.authorization)).toEqual(['Bearer ya29.test-2']);
  });

  it('refreshes an access token Drive rejects (401) and repeats the call', async () => {
    const h = await watch();
    await h.poll();
    google.add({ name: 'a.pdf', parents: [ROOT] });
    google.expireTokens();

    await h.poll();

    expect(correlatedNames(h)).toEqual(['a.pdf']);
    expect(google.calls('token')).toHaveLength(2);
    expect(google.calls('changes').map((r) => r.authorization)).toEqual(['Bearer ya29.test-1', 'Bearer ya29.test-2']);
  });

  it('gets and refreshes tokens with an OAuth client and refresh token', async () => {
    const h = await watch({ authentication: refreshToken });
    await h.poll();
    google.add({ name: 'a.pdf', parents: [ROOT] });
    google.expireTokens();

    await h.poll();

    expect(correlatedNames(h)).toEqual(['a.pdf']);
    const grants = google.calls('token').map((r) => Object.fromEntries(r.form!));
    expect(grants).toHaveLength(2);
    expect(grants[1]).toMatchObject({ grant_type: 'refresh_token', client_id: CLIENT.id, refresh_token: CLIENT.refreshToken });
  });

  it('impersonates the user given as subject', async () => {
    const h = await watch({ authentication: { authType: 'serviceAccount', serviceAccountKey: secrets.GDRIVE_SA_KEY, subject: 'ops@example.com' } });

    await h.poll();

    expect(google.calls('token')[0]!.claims).toMatchObject({ iss: 'watcher@connectorkit-test.iam.gserviceaccount.com', sub: 'ops@example.com' });
  });

  it('fails a poll with AUTHENTICATION_FAILED when Google refuses the refresh token, without the secret in the message', async () => {
    const h = await watch({ authentication: refreshToken });
    google.failNext('token', Response.json({ error: 'invalid_grant', error_description: 'Token has been expired or revoked.' }, { status: 400 }));

    const error = await h.poll().catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ConnectorError);
    expect(error).toMatchObject({ code: 'AUTHENTICATION_FAILED', message: expect.stringContaining('invalid_grant: Token has been expired or revoked.') });
    expect((error as Error).message).not.toContain(CLIENT.refreshToken);
    expect(h.health.at(-1)).toMatchObject({ status: 'DOWN', error: { code: 'AUTHENTICATION_FAILED' } });
    expect(h.activities).toContainEqual(expect.objectContaining({ severity: 'error', tag: 'Authentication' }));
  });
});

describe('rate limits', () => {
  it('throws a retry error with the Retry-After as backoff, logs it, and keeps the cursor', async () => {
    const h = await watch();
    await h.poll();
    google.add({ name: 'a.pdf', parents: [ROOT] });
    const before = await savedCursor(h.state);
    google.failNext('changes', driveError(429, 'rateLimitExceeded', 'Rate Limit Exceeded', {}, { 'Retry-After': '7' }));

    const error = await h.poll().catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ConnectorRetryError);
    expect(error).toMatchObject({ code: 'RATE_LIMITED', backoffMs: 7000 });
    expect(google.calls('changes')).toHaveLength(1); // not retried inside the client
    expect(await savedCursor(h.state)).toEqual(before);
    expect(h.correlations).toHaveLength(0);
    expect(h.activities).toContainEqual(
      expect.objectContaining({ severity: 'warning', tag: 'Rate limit', data: expect.objectContaining({ status: 429, retryAfterMs: 7000 }) }),
    );

    await h.poll();
    expect(correlatedNames(h)).toEqual(['a.pdf']);
  });

  it('treats 403 userRateLimitExceeded the same way', async () => {
    const h = await watch();
    await h.poll();
    google.failNext(
      'changes',
      driveError(403, 'userRateLimitExceeded', 'User Rate Limit Exceeded'),
      driveError(403, 'userRateLimitExceeded', 'User Rate Limit Exceeded'),
    );

    const error = await h.poll().catch((e: unknown) => e);

    expect(error).toMatchObject({ code: 'RATE_LIMITED', backoffMs: undefined, message: expect.stringContaining('403 userRateLimitExceeded') });
  });
});

describe('invalid page token', () => {
  it('rebaselines: lists the folder, correlates what is new, drops what was seen, and starts from a new token', async () => {
    google.add({ name: 'old.pdf', parents: [ROOT] });
    const h = await watch();
    await h.poll();
    google.add({ name: 'seen.pdf', parents: [ROOT] });
    await h.poll();
    google.add({ name: 'missed.pdf', parents: [ROOT] });
    google.failNext('changes', driveError(400, 'invalid', 'Invalid Value', { locationType: 'parameter', location: 'pageToken' }));

    const outcome = await h.poll();

    expect(outcome).toMatchObject({ status: 'done', correlated: 1, repeated: 1 });
    expect(correlatedNames(h)).toEqual(['seen.pdf', 'missed.pdf']);
    expect(await savedCursor(h.state)).toEqual({ pageToken: '3' });
    expect(h.activities.filter((a) => a.tag === 'Rebaseline').map((a) => a.severity)).toEqual(['warning', 'info']);
    expect(google.calls('files').at(-1)!.url.searchParams.get('q')).toContain(`('${ROOT}' in parents) and trashed = false`);

    google.add({ name: 'after.pdf', parents: [ROOT] });
    await h.poll();
    expect(correlatedNames(h)).toEqual(['seen.pdf', 'missed.pdf', 'after.pdf']);
  });

  it('rebaselines on a 404 for the page token too', async () => {
    const h = await watch();
    await h.poll();
    google.add({ name: 'a.pdf', parents: [ROOT] });
    google.failNext('changes', driveError(404, 'notFound', 'Not Found'));

    await h.poll();

    expect(correlatedNames(h)).toEqual(['a.pdf']);
    expect(await savedCursor(h.state)).toEqual({ pageToken: '1' });
  });

  it('rebaselines from a token Drive never issued; with no baseline taken, every file in the folder is new', async () => {
    const state = memoryStateStore({ poll: { cursor: { pageToken: '999' }, seen: [] } });
    google.add({ name: 'a.pdf', parents: [ROOT] });
    const h = await watch({}, state);

    await h.poll();

    expect(correlatedNames(h)).toEqual(['a.pdf']);
    expect(await savedCursor(state)).toEqual({ pageToken: '1' });
  });

  it('starts over from now, correlating nothing, on a cursor it never wrote', async () => {
    const state = memoryStateStore({ poll: { cursor: 'page-7', seen: [] } });
    google.add({ name: 'a.pdf', parents: [ROOT] });
    const h = await watch({}, state);

    await h.poll();

    expect(h.correlations).toHaveLength(0);
    expect(await savedCursor(state)).toEqual({ pageToken: '1' });
    expect(h.activities).toContainEqual(expect.objectContaining({ severity: 'warning', tag: 'Cursor' }));
  });
});

describe('restart between correlation and cursor save', () => {
  it('replays the page with the same message ids, loses nothing, and then moves on', async () => {
    const inner = memoryStateStore();
    let failPut = false;
    const state = {
      ...inner,
      async put(key: string, value: unknown) {
        if (failPut && key === 'poll') {
          failPut = false;
          throw new Error('disk full');
        }
        return inner.put(key, value);
      },
    };
    const h1 = await watch({}, state);
    await h1.poll();
    google.add({ name: 'a.pdf', parents: [ROOT] });
    google.add({ name: 'b.pdf', parents: [ROOT] });
    failPut = true;

    // The framework saves each correlated id at once; the crash hits right after the first one.
    await expect(h1.poll()).rejects.toThrow('disk full');
    expect(correlatedNames(h1)).toEqual(['a.pdf']);

    google.add({ name: 'c.pdf', parents: [ROOT] });
    const h2 = await watch({}, state);
    await h2.poll();
    await h2.poll();

    expect(correlatedNames(h2)).toEqual(['a.pdf', 'b.pdf', 'c.pdf']);
    const ids = (h: typeof h1) => h.correlations.map((c) => c.options.messageId);
    expect(ids(h2).slice(0, 1)).toEqual(ids(h1));
    expect(new Set([...ids(h1), ...ids(h2)]).size).toBe(3);
    expect(await savedCursor(state)).toEqual({ pageToken: '3' });
  });
});

describe('shared drives', () => {
  it('passes the drive id to the changes feed and lists the drive corpus', async () => {
    const h = await watch({ folder: { driveId: 'sharedDrive1' } });
    google.add({ name: 'a.pdf', parents: [ROOT], driveId: 'sharedDrive1' });

    await h.poll();
    await h.poll();

    for (const r of [...google.calls('startPageToken'), ...google.calls('changes')]) {
      expect(r.url.searchParams.get('driveId')).toBe('sharedDrive1');
      expect(r.url.searchParams.get('supportsAllDrives')).toBe('true');
    }
    const list = google.calls('files')[0]!.url.searchParams;
    expect(Object.fromEntries(list)).toMatchObject({ corpora: 'drive', driveId: 'sharedDrive1', includeItemsFromAllDrives: 'true' });
  });
});
