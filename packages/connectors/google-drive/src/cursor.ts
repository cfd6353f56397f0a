/** The cursor the framework saves between polls: the Drive change token to read from next. */

export interface DriveCursor {
  /** A `startPageToken`, `nextPageToken` or `newStartPageToken` of the changes feed. */
  pageToken: string;
}

/** The saved cursor, undefined before the first poll, or `invalid` for a value this connector never wrote. */
export function readCursor(raw: unknown): DriveCursor | undefined | 'invalid' {
  if (raw === undefined || raw === null) return undefined;
  const token = (raw as Partial<DriveCursor>).pageToken;
  return typeof raw === 'object' && typeof token === 'string' && token !== '' ? { pageToken: token } : 'invalid';
}
