import { defineInbound } from '@connectorkit/sdk';
import { icon } from './icon.js';
import { pollDrive } from './poll.js';
import { DEFAULT_INTERVAL, groups, properties } from './properties.js';
import { endSession, sessionFor } from './session.js';
import { pollFailure } from './failures.js';

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
      sessionFor(ctx);
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
    endSession(ctx);
  },
  poll: pollDrive,
});
