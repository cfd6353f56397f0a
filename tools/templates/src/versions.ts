import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { templateFileName, type ElementTemplate } from '@connectorkit/sdk';

const run = promisify(execFile);

/**
 * Every published version of a template is kept, append-only, in its connector package's
 * `element-templates/versioned/<id>-<version>.json` (as Camunda's connectors keep theirs), so a
 * model built on an old version still finds its template in Modeler and still runs.
 */
export const VERSIONED_DIR = join('element-templates', 'versioned');

/** Git pathspec of every versioned template in the workspace. */
export const VERSIONED_PATHSPEC = ':(glob)packages/connectors/*/element-templates/versioned/*.json';

export function versionedFileName(template: Pick<ElementTemplate, 'id' | 'version'>): string {
  return templateFileName({ id: `${template.id}-${template.version}` });
}

export interface KeptTemplate {
  id: string;
  version: number;
  /** Path relative to the workspace root. */
  path: string;
  content: string;
  template: ElementTemplate;
}

/** The kept versions in one package folder, by id then version. Unreadable files are problems, not skipped. */
export async function keptTemplates(root: string, pkgDir: string): Promise<{ kept: KeptTemplate[]; problems: string[] }> {
  const dir = join(pkgDir, VERSIONED_DIR);
  let names: string[];
  try {
    names = (await readdir(dir)).filter((f) => f.endsWith('.json'));
  } catch {
    return { kept: [], problems: [] };
  }
  const kept: KeptTemplate[] = [];
  const problems: string[] = [];
  for (const name of names.sort()) {
    const path = relative(root, join(dir, name));
    const content = await readFile(join(dir, name), 'utf8');
    let template: ElementTemplate;
    try {
      template = JSON.parse(content) as ElementTemplate;
    } catch (error) {
      problems.push(`${path}: not JSON (${(error as Error).message})`);
      continue;
    }
    if (typeof template.id !== 'string' || typeof template.version !== 'number') {
      problems.push(`${path}: has no template id and version`);
      continue;
    }
    if (versionedFileName(template) !== name) {
      problems.push(`${path}: holds ${template.id} version ${template.version}, so it must be named ${versionedFileName(template)}`);
      continue;
    }
    kept.push({ id: template.id, version: template.version, path, content, template });
  }
  kept.sort((a, b) => a.id.localeCompare(b.id) || a.version - b.version);
  return { kept, problems };
}

export interface CurrentTemplate {
  template: ElementTemplate;
  content: string;
  /** Absolute path of the connector package. */
  pkgDir: string;
}

export interface VersionPlan {
  /** Versioned files a build adds (the current template's version is not kept yet). */
  add: { path: string; content: string }[];
  /** Why the current templates cannot be kept as they are. Empty: consistent. */
  problems: string[];
}

/**
 * Compares the current templates with the kept versions: a current version already kept with
 * other content is a change without a version bump; a current version below the newest kept one
 * goes backwards; a current version not kept yet is added by a build.
 */
export async function planVersions(root: string, current: readonly CurrentTemplate[]): Promise<VersionPlan> {
  const add: VersionPlan['add'] = [];
  const problems: string[] = [];
  const byPackage = new Map<string, KeptTemplate[]>();
  for (const pkgDir of new Set(current.map((c) => c.pkgDir))) {
    const { kept, problems: unreadable } = await keptTemplates(root, pkgDir);
    problems.push(...unreadable);
    byPackage.set(pkgDir, kept);
  }
  for (const { template, content, pkgDir } of current) {
    const versions = byPackage.get(pkgDir)!.filter((k) => k.id === template.id);
    const same = versions.find((k) => k.version === template.version);
    const newest = Math.max(0, ...versions.map((k) => k.version));
    const path = relative(root, join(pkgDir, VERSIONED_DIR, versionedFileName(template)));
    if (same && same.content !== content) {
      problems.push(
        `${template.id}: the template changed but its version is still ${template.version} (kept as ${same.path}); ` +
          `raise the connector's version to ${newest + 1} so models built on version ${template.version} keep theirs`,
      );
    } else if (template.version < newest) {
      problems.push(`${template.id}: version ${template.version} is below the newest kept version ${newest}; versions only go up`);
    } else if (!same) {
      add.push({ path, content });
    }
  }
  return { add, problems };
}

/**
 * Kept versions are append-only: every versioned file ever committed must still exist with the
 * content it was first committed with. Reads the git history of `root` (a clone needs its history:
 * `fetch-depth: 0` in CI). Returns one problem per changed or removed file.
 */
export async function changedKeptVersions(root: string): Promise<string[]> {
  let log: string;
  try {
    ({ stdout: log } = await run('git', ['log', '--reverse', '--no-renames', '--diff-filter=A', '--format=commit %H', '--name-only', '--', VERSIONED_PATHSPEC], {
      cwd: root,
      maxBuffer: 64 * 1024 * 1024,
    }));
  } catch (error) {
    return [`cannot read the git history of ${root} to check the kept template versions: ${(error as Error).message.split('\n')[0]}`];
  }
  // The first commit adding each path: its content then is the content forever.
  const firstAdded = new Map<string, string>();
  let commit = '';
  for (const line of log.split('\n')) {
    if (line.startsWith('commit ')) commit = line.slice('commit '.length);
    else if (line.trim() && !firstAdded.has(line)) firstAdded.set(line, commit);
  }
  if (firstAdded.size === 0) return [];
  const paths = [...firstAdded.keys()];
  const { stdout: committed } = await run('git', ['rev-parse', ...paths.map((p) => `${firstAdded.get(p)}:${p}`)], { cwd: root });
  const committedIds = committed.trim().split('\n');
  const problems: string[] = [];
  const present: { path: string; blob: string }[] = [];
  for (const [i, path] of paths.entries()) {
    try {
      await readFile(join(root, path));
      present.push({ path, blob: committedIds[i]! });
    } catch {
      problems.push(`${path}: a kept template version was removed (first committed in ${firstAdded.get(path)!.slice(0, 10)}); restore it`);
    }
  }
  if (present.length > 0) {
    const { stdout: hashed } = await run('git', ['hash-object', '--', ...present.map((p) => p.path)], { cwd: root });
    for (const [i, actual] of hashed.trim().split('\n').entries()) {
      const { path, blob } = present[i]!;
      if (actual !== blob) {
        problems.push(`${path}: a kept template version was changed; kept versions never change (restore it with: git checkout ${firstAdded.get(path)!.slice(0, 10)} -- ${path})`);
      }
    }
  }
  return problems;
}
