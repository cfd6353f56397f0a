/** The file metadata the connector asks Drive for, and the `file` variable a process gets from it. */
import type { DriveFile } from './drive-client.js';

/** `fields` selector of one file (for `files.list` and `changes.list`). */
export const FILE_FIELDS = [
  'id',
  'name',
  'mimeType',
  'size',
  'createdTime',
  'modifiedTime',
  'version',
  'owners(displayName,emailAddress)',
  'lastModifyingUser(displayName,emailAddress)',
  'parents',
  'driveId',
  'webViewLink',
  'webContentLink',
  'iconLink',
  'md5Checksum',
  'fileExtension',
  'description',
  'trashed',
].join(',');

export interface FileVariables {
  id: string;
  name: string;
  mimeType: string;
  /** Bytes; absent for Google Docs, Sheets, ... (they have no stored size). */
  size?: number;
  createdTime?: string;
  modifiedTime?: string;
  version?: number;
  owners?: { displayName?: string; emailAddress?: string }[];
  lastModifyingUser?: { displayName?: string; emailAddress?: string };
  parents: string[];
  driveId?: string;
  webViewLink?: string;
  webContentLink?: string;
  iconLink?: string;
  md5Checksum?: string;
  fileExtension?: string;
  description?: string;
}

const person = (u: { displayName?: string | null; emailAddress?: string | null }) =>
  clean({ displayName: u.displayName ?? undefined, emailAddress: u.emailAddress ?? undefined });

/** Drive sends int64 values (`size`, `version`) as strings. */
const int64 = (v: string | null | undefined) => (v === null || v === undefined || v === '' ? undefined : Number(v));

function clean<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null)) as T;
}

export function fileVariables(f: DriveFile): FileVariables {
  return clean({
    id: f.id ?? '',
    name: f.name ?? '',
    mimeType: f.mimeType ?? '',
    size: int64(f.size),
    createdTime: f.createdTime ?? undefined,
    modifiedTime: f.modifiedTime ?? undefined,
    version: int64(f.version),
    owners: f.owners?.map(person),
    lastModifyingUser: f.lastModifyingUser ? person(f.lastModifyingUser) : undefined,
    parents: f.parents ?? [],
    driveId: f.driveId ?? undefined,
    webViewLink: f.webViewLink ?? undefined,
    webContentLink: f.webContentLink ?? undefined,
    iconLink: f.iconLink ?? undefined,
    md5Checksum: f.md5Checksum ?? undefined,
    fileExtension: f.fileExtension ?? undefined,
    description: f.description ?? undefined,
  });
}
