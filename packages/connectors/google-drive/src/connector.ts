import { defineInbound } from '@connectorkit/sdk';
import { icon } from './icon.js';
import { DEFAULT_INTERVAL, groups, properties } from './properties.js';
import { pollFailure } from './failures.js';

/**
 * The polling code, with google-auth-library and `@googleapis/drive`, is loaded on the first
 * activation, not when the connector loads: a runtime with no Drive watch deployed never pays for
 * those libraries in start-up time or memory.
 */
let sessionModule: typeof import('./session.js') | undefined;
const loadSession = async () => (sessionModule ??= await import('./session.js'));
let pollModule: Promise<typeof import('./poll.js')> | undefined;
const loadPoll = () => (pollModule ??= import('./poll.js'));

/**
 * Google Drive folder watch: a process (or message) for every new file in a folder, optionally for
 * every change too. Camunda ships no such connector; the template follows its stock inbound ones.
 */
export const googleDriveConnector = defineInbound({
  kind: 'polling',
  id: 'io.connectorkit.google-drive.polling',
  name: 'Google Drive Folder Watch',
  version: 1,
  type: 'io.connectorkit:google-drive-polling:1',
  description: 'Start a process or correlate a message for every new (or changed) file in a Google Drive folder',
  documentationRef: 'https://developers.google.com/workspace/drive/api/guides/manage-changes',
  keywords: ['google', 'drive', 'folder', 'file', 'polling', 'trigger'],
  icon,
  groups,
  properties,
  interval: DEFAULT_INTERVAL,
  async activate(ctx) {
    // Refuse unusable credentials or filters at once, naming the field.
    try {
      (await loadSession()).sessionFor(ctx);
    } catch (error) {
      throw pollFailure(ctx as never, error);
    }
    ctx.log({
      severity: 'info',
      tag: 'Activation',
      message: `Watching Drive folder ${ctx.properties.folder.id}${ctx.properties.folder.includeSubfolders ? ' and its subfolders' : ''}`,
    });
  },
  deactivate(ctx) {
    // No session module loaded: no session was ever created.
    sessionModule?.endSession(ctx);
  },
  poll: async (ctx) => (await loadPoll()).pollDrive(ctx),
});
