/** Builds a running Google Drive connector on the fake Google, as the runtime would bind an element. */
import { memoryStateStore, createInboundContext, type InboundHarness } from '@connectorkit/sdk/testing';
import type { StateStore } from '@connectorkit/sdk';
import { googleDriveConnector, type GoogleDriveInput } from '../src/index.js';
import { CLIENT, serviceAccountKey } from './google-api.js';

export const ROOT = 'folderRoot01';

type Props = Record<string, Record<string, string> | string>;

/** Service account credentials, as secret references (the way a model holds them). */
export const serviceAccount = { authType: 'serviceAccount', serviceAccountKey: '{{secrets.GDRIVE_SA_KEY}}' };
export const refreshToken = {
  authType: 'refresh',
  oauthClientId: '{{secrets.GDRIVE_CLIENT_ID}}',
  oauthClientSecret: '{{secrets.GDRIVE_CLIENT_SECRET}}',
  oauthRefreshToken: '{{secrets.GDRIVE_REFRESH_TOKEN}}',
};

export const secrets = {
  GDRIVE_SA_KEY: serviceAccountKey(),
  GDRIVE_CLIENT_ID: CLIENT.id,
  GDRIVE_CLIENT_SECRET: CLIENT.secret,
  GDRIVE_REFRESH_TOKEN: CLIENT.refreshToken,
};

/** Element properties (values as strings, as BPMN stores them), nested by their dotted names. */
export async function watch(
  props: { authentication?: Record<string, string>; folder?: Record<string, string>; filter?: Record<string, string> } = {},
  state: StateStore = memoryStateStore(),
): Promise<InboundHarness<GoogleDriveInput>> {
  const properties: Props = {
    'inbound.type': googleDriveConnector.type,
    authentication: props.authentication ?? serviceAccount,
    folder: { id: ROOT, ...props.folder },
    filter: { ...props.filter },
  };
  return createInboundContext(googleDriveConnector, { properties, secrets, state });
}

/** Polls until the connector says nothing more is ready now; returns how many polls ran. */
export async function pollAll(h: InboundHarness<GoogleDriveInput>, limit = 20): Promise<number> {
  for (let n = 1; n <= limit; n++) {
    const outcome = await h.poll();
    if (!outcome.more) return n;
  }
  throw new Error(`still more after ${limit} polls`);
}

/** Names of the files correlated, in order. */
export const correlatedNames = (h: InboundHarness<GoogleDriveInput>) =>
  h.correlations.map((c) => (c.variables.file as { name: string }).name);

/** The cursor the framework saved. */
export async function savedCursor(state: StateStore): Promise<unknown> {
  return ((await state.get<{ cursor: unknown }>('poll')) ?? {}).cursor;
}
