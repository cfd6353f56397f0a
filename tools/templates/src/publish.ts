import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, posix, win32 } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { templateFileName, type ElementTemplate } from '@connectorkit/sdk';
import type { ConnectorPackage } from './connectors.js';
import { currentTemplates } from './templates.js';
import { keptTemplates, versionedFileName } from './versions.js';

/** One template version to publish. */
export interface PublishEntry {
  id: string;
  version: number;
  name: string;
  content: string;
  template: ElementTemplate;
  /** The newest version of its id. */
  latest: boolean;
  /** File name in a Modeler folder: `<id>.json` for the newest version, `<id>-<version>.json` before it. */
  fileName: string;
}

export interface PublishChange {
  action: 'add' | 'update' | 'unchanged';
  id: string;
  version: number;
  /** Where: a file path, or a Web Modeler file name. */
  target: string;
}

/**
 * What a publish ships: every kept version of every template plus the current one (the same file
 * when the current version is kept already), so models built on an older version still find theirs.
 */
export async function publishEntries(root: string, packages: readonly ConnectorPackage[]): Promise<PublishEntry[]> {
  const byKey = new Map<string, Omit<PublishEntry, 'latest' | 'fileName'>>();
  for (const pkg of packages) {
    const { kept, problems } = await keptTemplates(root, pkg.dir);
    if (problems.length > 0) throw new Error(`kept template versions are unreadable:\n  ${problems.join('\n  ')}`);
    for (const k of kept) byKey.set(`${k.id}@${k.version}`, { id: k.id, version: k.version, name: k.template.name, content: k.content, template: k.template });
  }
  for (const { template, content } of currentTemplates(packages)) {
    byKey.set(`${template.id}@${template.version}`, { id: template.id, version: template.version, name: template.name, content, template });
  }
  const newest = new Map<string, number>();
  for (const e of byKey.values()) newest.set(e.id, Math.max(newest.get(e.id) ?? 0, e.version));
  return [...byKey.values()]
    .map((e) => {
      const latest = newest.get(e.id) === e.version;
      return { ...e, latest, fileName: latest ? templateFileName(e) : versionedFileName(e) };
    })
    .sort((a, b) => a.id.localeCompare(b.id) || a.version - b.version);
}

/**
 * Desktop Modeler's user element-templates folder: `camunda-modeler/resources/element-templates`
 * in the per-user application data directory (%APPDATA% on Windows, ~/Library/Application Support
 * on macOS, $XDG_CONFIG_HOME or ~/.config elsewhere), which every installed Modeler reads.
 */
export function desktopModelerTemplatesDir(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env, home = homedir()): string {
  const tail = ['camunda-modeler', 'resources', 'element-templates'];
  if (platform === 'win32') return win32.join(env.APPDATA || win32.join(home, 'AppData', 'Roaming'), ...tail);
  if (platform === 'darwin') return posix.join(home, 'Library', 'Application Support', ...tail);
  return posix.join(env.XDG_CONFIG_HOME || posix.join(home, '.config'), ...tail);
}

/** Writes each entry as its own file in `dir` (created when missing); a dry run writes nothing. */
export async function publishToFolder(entries: readonly PublishEntry[], dir: string, options: { dryRun?: boolean } = {}): Promise<PublishChange[]> {
  const changes: PublishChange[] = [];
  for (const e of entries) {
    const target = join(dir, e.fileName);
    const existing = await readFile(target, 'utf8').catch(() => undefined);
    const action = existing === undefined ? 'add' : existing === e.content ? 'unchanged' : 'update';
    changes.push({ action, id: e.id, version: e.version, target });
  }
  if (!options.dryRun) {
    await mkdir(dir, { recursive: true });
    for (const [i, change] of changes.entries()) if (change.action !== 'unchanged') await writeFile(change.target, entries[i]!.content);
  }
  return changes;
}

/** The part of Web Modeler's file API the publisher uses (the shape of @camunda8/sdk's ModelerApiClient). */
export interface WebModelerFiles {
  searchFiles(req: { filter: Record<string, unknown>; page?: number; size?: number }): Promise<{ items: WebModelerFileMetadata[]; total: number }>;
  getFile(fileId: string): Promise<{ metadata: WebModelerFileMetadata; content: string }>;
  createFile(req: { name: string; projectId?: string; folderId?: string; content: string; fileType: 'connector_template' }): Promise<unknown>;
  updateFile(fileId: string, update: { name: string; content: string; revision: number; projectId: string; folderId: string }): Promise<unknown>;
}

export interface WebModelerFileMetadata {
  id: string;
  name: string;
  projectId: string;
  folderId: string;
  revision: number;
  type: string;
}

/** Web Modeler owns a connector template's id and version; the rest of the content is ours. */
function comparable(content: string): unknown {
  const { id: _id, version: _version, $schema: _schema, ...rest } = JSON.parse(content) as Record<string, unknown>;
  return rest;
}

/**
 * Publishes the newest version of each template to a Web Modeler project, one connector-template
 * file per template, found again by its name. Web Modeler replaces a template's id with its file id
 * and manages the version itself (its own file history keeps the older ones), so only the newest
 * version is sent and an update keeps Web Modeler's id and version. A dry run only reads.
 */
export async function publishToWebModeler(
  entries: readonly PublishEntry[],
  files: WebModelerFiles,
  options: { projectId: string; dryRun?: boolean },
): Promise<PublishChange[]> {
  const latest = entries.filter((e) => e.latest);
  const names = new Set<string>();
  for (const e of latest) {
    if (names.has(e.name)) throw new Error(`two templates are named "${e.name}": Web Modeler files are matched by name`);
    names.add(e.name);
  }
  const existing = new Map<string, WebModelerFileMetadata>();
  for (let page = 0; ; page++) {
    const result = await files.searchFiles({ filter: { projectId: options.projectId }, page, size: 50 });
    for (const item of result.items) if (item.type.toLowerCase() === 'connector_template' && names.has(item.name)) existing.set(item.name, item);
    if (result.items.length < 50 || (page + 1) * 50 >= result.total) break;
  }
  const changes: PublishChange[] = [];
  for (const e of latest) {
    const found = existing.get(e.name);
    if (!found) {
      changes.push({ action: 'add', id: e.id, version: e.version, target: e.name });
      if (!options.dryRun) await files.createFile({ name: e.name, projectId: options.projectId, content: e.content, fileType: 'connector_template' });
      continue;
    }
    const remote = await files.getFile(found.id);
    if (isDeepStrictEqual(comparable(remote.content), comparable(e.content))) {
      changes.push({ action: 'unchanged', id: e.id, version: e.version, target: e.name });
      continue;
    }
    changes.push({ action: 'update', id: e.id, version: e.version, target: e.name });
    if (!options.dryRun) {
      const owned = JSON.parse(remote.content) as { id?: unknown; version?: unknown };
      const content = JSON.stringify({ ...JSON.parse(e.content), id: owned.id, version: owned.version }, null, 2);
      await files.updateFile(found.id, {
        name: e.name,
        content,
        revision: remote.metadata.revision,
        projectId: remote.metadata.projectId,
        folderId: remote.metadata.folderId,
      });
    }
  }
  return changes;
}

/** One line per change, then a count: what a dry run prints and what a publish did. */
export function describeChanges(changes: readonly PublishChange[], dryRun: boolean): string {
  const verb = { add: dryRun ? 'would add' : 'added', update: dryRun ? 'would update' : 'updated', unchanged: 'unchanged' } as const;
  const lines = changes.filter((c) => c.action !== 'unchanged').map((c) => `${verb[c.action]}  ${c.id} v${c.version}  ${c.target}`);
  const count = (a: PublishChange['action']) => changes.filter((c) => c.action === a).length;
  lines.push(`${dryRun ? 'dry run: ' : ''}${count('add')} ${verb.add}, ${count('update')} ${verb.update}, ${count('unchanged')} unchanged`);
  return lines.join('\n');
}
