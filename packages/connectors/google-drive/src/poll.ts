/**
 * One poll, driven by Drive's changes feed:
 * - no cursor yet: take a start page token and the baseline (the files already there); no items;
 * - a cursor: read one page of changes from it; the files now in a watched folder, not trashed and
 *   matching the filters become items; the next page token (with `more`) or the new start page
 *   token becomes the cursor, which the framework saves once the items are correlated;
 * - Drive refuses the saved token: rebaseline (list the folders, every file not in the baseline
 *   becomes an item: the framework drops those it correlated before) from a new start page token.
 */
import type { InboundContext, PollContext, PollItem, PollResult } from '@connectorkit/sdk';
import { filesInScope, takeBaseline, BASELINE_KEY, inBaseline } from './baseline.js';
import { changesCorpus, type DriveFile } from './drive-client.js';
import { classifyFailure } from './drive-errors.js';
import { FILE_FIELDS } from './file-variables.js';
import { FOLDER_MIME_TYPE } from './filters.js';
import { pollFailure } from './failures.js';
import { readCursor, type DriveCursor } from './cursor.js';
import { toItem } from './items.js';
import type { GoogleDriveInput } from './properties.js';
import { sessionFor, type Session } from './session.js';

/** Changes read per poll (Drive allows up to 1000); `more` asks for the next page at once. */
export const CHANGES_PAGE_SIZE = 100;

const CHANGE_FIELDS = `nextPageToken,newStartPageToken,changes(changeType,removed,fileId,time,file(${FILE_FIELDS}))`;

type Ctx = PollContext<GoogleDriveInput>;

export async function pollDrive(ctx: Ctx): Promise<PollResult> {
  try {
    const session = sessionFor(ctx);
    const cursor = readCursor(ctx.cursor);
    if (cursor === 'invalid') {
      ctx.log({ severity: 'warning', tag: 'Cursor', message: 'The saved cursor is not a Drive change token; starting over from now' });
    }
    const result = cursor === undefined || cursor === 'invalid' ? await startWatching(ctx, session) : await readChanges(ctx, session, cursor);
    ctx.reportHealth({ status: 'UP' });
    return result;
  } catch (error) {
    throw pollFailure(ctx as InboundContext<unknown>, error);
  }
}

async function startToken(ctx: Ctx, session: Session): Promise<string> {
  const res = await session.client.changes.getStartPageToken({ ...changesCorpus(session.corpus) }, { signal: ctx.signal });
  const token = res.data.startPageToken;
  if (!token) throw new Error('Drive answered changes.getStartPageToken without a startPageToken');
  return token;
}

/** First poll: remember what is there, correlate nothing. The token comes first, so nothing falls between. */
async function startWatching(ctx: Ctx, session: Session): Promise<PollResult> {
  const pageToken = await startToken(ctx, session);
  const baseline = await takeBaseline(filesInScope(session.client, session.corpus, session.scope, 'id,modifiedTime', ctx.signal));
  await ctx.state.put(BASELINE_KEY, baseline);
  session.setBaseline(baseline);
  const count = Object.keys(baseline.files).length;
  ctx.log({
    severity: 'info',
    tag: 'Baseline',
    message: `Watching folder ${session.scope.rootId}${session.scope.recursive ? ' and its subfolders' : ''}: ${count} existing files will not start processes`,
    data: { startPageToken: pageToken, existingFiles: count },
  });
  if (baseline.truncated) {
    ctx.log({
      severity: 'warning',
      tag: 'Baseline',
      message: `More than ${count} files in the folder: files past that are not remembered and start a process when they change`,
    });
  }
  return { items: [], cursor: { pageToken } satisfies DriveCursor };
}

async function readChanges(ctx: Ctx, session: Session, cursor: DriveCursor): Promise<PollResult> {
  let page;
  try {
    page = await session.client.changes.list(
      {
        ...changesCorpus(session.corpus),
        pageToken: cursor.pageToken,
        pageSize: CHANGES_PAGE_SIZE,
        includeItemsFromAllDrives: true,
        includeRemoved: false,
        spaces: 'drive',
        fields: CHANGE_FIELDS,
      },
      { signal: ctx.signal },
    );
  } catch (error) {
    const failure = classifyFailure(error);
    if (failure.kind !== 'invalid-page-token') throw error;
    return rebaseline(ctx, session, `${failure.status}: ${failure.message}`);
  }

  const items: PollItem[] = [];
  const baseline = await session.baseline();
  for (const change of page.data.changes ?? []) {
    const file = change.file;
    if ((change.changeType && change.changeType !== 'file') || change.removed || !file?.id) continue;
    if (file.mimeType === FOLDER_MIME_TYPE) {
      session.scope.noteFolderChange(file);
      continue;
    }
    if (await wanted(ctx, session, file) && !inBaseline(baseline, file, session.changesToo)) items.push(toItem(file, session.changesToo));
  }

  const next = page.data.nextPageToken ?? page.data.newStartPageToken;
  if (!next) throw new Error('Drive answered changes.list with neither nextPageToken nor newStartPageToken');
  if (items.length > 0) {
    ctx.log({
      severity: 'info',
      tag: 'Changes',
      message: `${items.length} of ${page.data.changes?.length ?? 0} changes are files to correlate`,
      data: { files: items.map((i) => i.id) },
    });
  }
  return { items, cursor: { pageToken: next } satisfies DriveCursor, more: page.data.nextPageToken ? true : undefined };
}

/** In a watched folder, not trashed, matching the filters. */
async function wanted(ctx: Ctx, session: Session, file: DriveFile): Promise<boolean> {
  if (file.trashed || !session.filter.matches(file)) return false;
  return session.scope.contains(file.parents ?? [], ctx.signal);
}

async function rebaseline(ctx: Ctx, session: Session, reason: string): Promise<PollResult> {
  ctx.log({
    severity: 'warning',
    tag: 'Rebaseline',
    message: `Drive refused the saved change token (${reason}); listing the folder to catch up`,
  });
  const pageToken = await startToken(ctx, session);
  const baseline = await session.baseline();
  const items: PollItem[] = [];
  let listed = 0;
  for await (const file of filesInScope(session.client, session.corpus, session.scope, FILE_FIELDS, ctx.signal)) {
    listed++;
    if (session.filter.matches(file) && !inBaseline(baseline, file, session.changesToo)) items.push(toItem(file, session.changesToo));
  }
  ctx.log({
    severity: 'info',
    tag: 'Rebaseline',
    message: `Listed ${listed} files; ${items.length} not in the baseline go to correlation (those correlated before are dropped there)`,
    data: { startPageToken: pageToken, listed, candidates: items.length },
  });
  return { items, cursor: { pageToken } satisfies DriveCursor };
}
