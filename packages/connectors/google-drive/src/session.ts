/**
 * What one running connector keeps between polls: the auth client (so its access token is reused
 * until it expires), the Drive client, the compiled filter, the folder tree and the baseline.
 * Kept per activation, keyed by the context's abort signal (one per activation), and dropped on
 * deactivation.
 */
import type { InboundContext } from '@connectorkit/sdk';
import { createAuth } from './auth.js';
import { loadBaseline, type Baseline } from './baseline.js';
import { createDriveClient, type Corpus, type Drive } from './drive-client.js';
import { createFilter, type FileFilter } from './filters.js';
import { FolderScope } from './folder-scope.js';
import { EVENTS, type GoogleDriveInput } from './properties.js';

export interface Session {
  client: Drive;
  corpus: Corpus;
  scope: FolderScope;
  filter: FileFilter;
  /** "New and changed files": a file modified after it was seen starts another process. */
  changesToo: boolean;
  /** The baseline, read from state once (it never changes after the first poll). */
  baseline(): Promise<Baseline>;
  setBaseline(b: Baseline): void;
}

const sessions = new WeakMap<AbortSignal, Session>();

/** Builds everything from the properties; throws a ConnectorInputError for unusable ones. */
export function createSession(ctx: InboundContext<GoogleDriveInput>): Session {
  const input = ctx.properties;
  const client = createDriveClient(createAuth(input.authentication));
  const corpus: Corpus = input.folder.driveId ? { driveId: input.folder.driveId } : {};
  let baseline: Baseline | undefined;
  return {
    client,
    corpus,
    scope: new FolderScope(client, corpus, input.folder.id, input.folder.includeSubfolders),
    filter: createFilter(input.filter),
    changesToo: input.filter.events === EVENTS.newOrChanged,
    async baseline() {
      baseline ??= await loadBaseline(ctx.state);
      return baseline;
    },
    setBaseline(b) {
      baseline = b;
    },
  };
}

export function sessionFor(ctx: InboundContext<GoogleDriveInput>): Session {
  let session = sessions.get(ctx.signal);
  if (session === undefined) {
    session = createSession(ctx);
    sessions.set(ctx.signal, session);
  }
  return session;
}

export function endSession(ctx: InboundContext<GoogleDriveInput>): void {
  sessions.delete(ctx.signal);
}
