/**
 * The Drive v3 client and the parameters every call shares. Requests are not retried inside the
 * client (`retry: false`): a failed call fails the poll, and the runtime retries it with backoff, so
 * a rate limit is never hammered and every failure shows in the activity log.
 */
import { drive, type drive_v3 } from '@googleapis/drive';
import type { DriveAuth } from './auth.js';

export type Drive = drive_v3.Drive;
export type DriveFile = drive_v3.Schema$File;

/** Per-request timeout: a hung connection fails the poll instead of blocking the source. */
export const REQUEST_TIMEOUT_MS = 60_000;

/**
 * `@googleapis/drive` types `auth` with the google-auth-library release its `googleapis-common`
 * pins (10.5), whose classes are nominally distinct from the newer one this package uses; at run
 * time it only calls the client's `request` and `getUniverseDomain`, which both releases share.
 */
type ApiAuth = drive_v3.Options['auth'];

export function createDriveClient(auth: DriveAuth): Drive {
  return drive({ version: 'v3', auth: auth as unknown as ApiAuth, retry: false, timeout: REQUEST_TIMEOUT_MS });
}

/** Which files a listing or the changes feed covers: one shared drive, or everything the user sees. */
export interface Corpus {
  driveId?: string;
}

/** Parameters of `files.list` for a corpus (shared-drive items included). */
export function listCorpus(corpus: Corpus): Pick<drive_v3.Params$Resource$Files$List, 'corpora' | 'driveId' | 'supportsAllDrives' | 'includeItemsFromAllDrives'> {
  return corpus.driveId
    ? { corpora: 'drive', driveId: corpus.driveId, supportsAllDrives: true, includeItemsFromAllDrives: true }
    : { corpora: 'allDrives', supportsAllDrives: true, includeItemsFromAllDrives: true };
}

/** Parameters of `changes.*` for a corpus. */
export function changesCorpus(corpus: Corpus): { driveId?: string; supportsAllDrives: true } {
  return corpus.driveId ? { driveId: corpus.driveId, supportsAllDrives: true } : { supportsAllDrives: true };
}

/** A Drive query string literal: `'it\'s'`. */
export function quote(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** `('a' in parents or 'b' in parents)` */
export function inAnyOf(folderIds: readonly string[]): string {
  return `(${folderIds.map((id) => `${quote(id)} in parents`).join(' or ')})`;
}

/** How many parents one `files.list` query names (keeps the query well under Drive's length limit). */
export const PARENTS_PER_QUERY = 40;

/** Every file matching `q`, page after page. */
export async function* listFiles(
  client: Drive,
  corpus: Corpus,
  q: string,
  fields: string,
  signal: AbortSignal,
): AsyncGenerator<DriveFile> {
  let pageToken: string | undefined;
  do {
    const res = await client.files.list(
      { ...listCorpus(corpus), q, fields: `nextPageToken,files(${fields})`, pageSize: 1000, pageToken },
      { signal },
    );
    yield* res.data.files ?? [];
    pageToken = res.data.nextPageToken ?? undefined;
  } while (pageToken);
}
