/**
 * A Drive file -> a poll item. Identity: the file id in "new files" mode (a file starts one process
 * however often it changes); file id and modified time in "new and changed files" mode (each
 * modification starts one). The message id is the identity too, so a poll replayed after a crash
 * between correlation and cursor save publishes the same message id and the engine drops it.
 */
import type { PollItem } from '@connectorkit/sdk';
import type { DriveFile } from './drive-client.js';
import { fileVariables } from './file-variables.js';

export function itemId(file: DriveFile, changesToo: boolean): string {
  return changesToo ? `${file.id}@${file.modifiedTime ?? ''}` : (file.id ?? '');
}

export function toItem(file: DriveFile, changesToo: boolean): PollItem {
  const id = itemId(file, changesToo);
  return { id, messageId: id, variables: { file: fileVariables(file) } };
}
