/**
 * The baseline: the files that were in the watched folders when watching started (id -> modified
 * time), kept in the connector's state under {@link BASELINE_KEY}. They never start a process as
 * "new"; with "new and changed files" they start one only once modified after the baseline. It is
 * written once, on the first poll (which correlates nothing), and never rewritten: a rebaseline
 * after a lost change token compares against it too.
 */
import type { StateStore } from '@connectorkit/sdk';
import { FOLDER_MIME_TYPE } from './filters.js';
import { inAnyOf, listFiles, PARENTS_PER_QUERY, type Corpus, type Drive, type DriveFile } from './drive-client.js';
import type { FolderScope } from './folder-scope.js';

export const BASELINE_KEY = 'google-drive:baseline';
/** Files remembered at most; past it the rest count as unknown (see the README's limits). */
export const BASELINE_LIMIT = 50_000;

export interface Baseline {
  /** File id -> modifiedTime when the baseline was taken. */
  files: Record<string, string>;
  takenAt: string;
  /** More files were in the folders than {@link BASELINE_LIMIT}. */
  truncated?: boolean;
}

/** Every file (no folders, nothing trashed) in the watched folders, with `fields`. */
export async function* filesInScope(
  client: Drive,
  corpus: Corpus,
  scope: FolderScope,
  fields: string,
  signal: AbortSignal,
): AsyncGenerator<DriveFile> {
  const folders = await scope.folderIds(signal);
  for (let i = 0; i < folders.length; i += PARENTS_PER_QUERY) {
    const q = `${inAnyOf(folders.slice(i, i + PARENTS_PER_QUERY))} and trashed = false and mimeType != '${FOLDER_MIME_TYPE}'`;
    yield* listFiles(client, corpus, q, fields, signal);
  }
}

export async function takeBaseline(files: AsyncIterable<DriveFile>, now = new Date()): Promise<Baseline> {
  const baseline: Baseline = { files: {}, takenAt: now.toISOString() };
  let count = 0;
  for await (const f of files) {
    if (!f.id) continue;
    if (count++ >= BASELINE_LIMIT) {
      baseline.truncated = true;
      break;
    }
    baseline.files[f.id] = f.modifiedTime ?? '';
  }
  return baseline;
}

export async function loadBaseline(state: StateStore): Promise<Baseline> {
  return (await state.get<Baseline>(BASELINE_KEY)) ?? { files: {}, takenAt: '' };
}

/** Whether the file is as it was at the baseline: new-files mode skips any baseline file, changes mode an unmodified one. */
export function inBaseline(baseline: Baseline, file: DriveFile, changesToo: boolean): boolean {
  const id = file.id ?? '';
  const known = Object.hasOwn(baseline.files, id) ? baseline.files[id] : undefined;
  if (known === undefined) return false;
  return changesToo ? known === (file.modifiedTime ?? '') : true;
}
