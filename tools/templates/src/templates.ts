import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { createRequire } from 'node:module';
import { checkTemplate, generateTemplates, serializeTemplate, templateFileName, type ElementTemplate } from '@connectorkit/sdk';
import type { ConnectorPackage } from './connectors.js';
import { changedKeptVersions, planVersions, type CurrentTemplate } from './versions.js';

// The validator ships CommonJS without type declarations.
const { validateZeebe } = createRequire(import.meta.url)('@bpmn-io/element-templates-validator') as {
  validateZeebe(template: unknown): { valid: boolean; errors?: { message: string; path?: unknown }[] };
};

export interface GeneratedFile {
  /** Path relative to the workspace root. */
  path: string;
  content: string;
}

/** Problems of one template: schema errors (validateZeebe) and semantic ones (checkTemplate). */
export function templateProblems(template: ElementTemplate): string[] {
  const result = validateZeebe(template);
  const schema = (result.errors ?? []).map((e) => `schema: ${e.message}${e.path ? ` at ${JSON.stringify(e.path)}` : ''}`);
  return [...schema, ...checkTemplate(template)];
}

/** Every connector's current templates, validated: an invalid template stops the build and the check. */
export function currentTemplates(packages: readonly ConnectorPackage[]): (CurrentTemplate & { pkg: ConnectorPackage })[] {
  const found: (CurrentTemplate & { pkg: ConnectorPackage })[] = [];
  for (const pkg of packages) {
    for (const connector of pkg.connectors) {
      for (const template of generateTemplates(connector)) {
        const problems = templateProblems(template);
        if (problems.length > 0) throw new Error(`${pkg.name}: template ${template.id} is invalid:\n  ${problems.join('\n  ')}`);
        found.push({ pkg, pkgDir: pkg.dir, template, content: serializeTemplate(template) });
      }
    }
  }
  return found;
}

/**
 * The files a build writes: each connector package's `element-templates/<id>.json` and the same
 * templates in the root `templates/` folder, plus `templates/index.json` listing them all. (Kept
 * versions under `element-templates/versioned/` are planned by `planVersions`.)
 */
export function plannedFiles(root: string, packages: readonly ConnectorPackage[]): GeneratedFile[] {
  const files: GeneratedFile[] = [];
  const index: { id: string; version: number; name: string; package: string; file: string }[] = [];
  for (const { pkg, template, content } of currentTemplates(packages)) {
    const name = templateFileName(template);
    files.push({ path: relative(root, join(pkg.dir, 'element-templates', name)), content });
    files.push({ path: join('templates', name), content });
    index.push({ id: template.id, version: template.version, name: template.name, package: pkg.name, file: name });
  }
  index.sort((a, b) => a.id.localeCompare(b.id));
  files.push({ path: join('templates', 'index.json'), content: `${JSON.stringify(index, null, 2)}\n` });
  return files;
}

async function jsonFilesIn(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).filter((f) => f.endsWith('.json')).map((f) => join(dir, f));
  } catch {
    return [];
  }
}

/** Template folders a build owns: stale files there are removed by build and reported by check. */
function ownedDirs(root: string, packages: readonly ConnectorPackage[]): string[] {
  return [join(root, 'templates'), ...packages.map((p) => join(p.dir, 'element-templates'))];
}

/**
 * Writes the current templates and keeps each new version under `versioned/`. Refuses, writing
 * nothing, when a template changed without a version bump (a kept version never changes).
 */
export async function writeTemplates(root: string, packages: readonly ConnectorPackage[]): Promise<GeneratedFile[]> {
  const versions = await planVersions(root, currentTemplates(packages));
  if (versions.problems.length > 0) throw new Error(`element templates not written:\n  ${versions.problems.join('\n  ')}`);
  const files = [...plannedFiles(root, packages), ...versions.add];
  const wanted = new Set(files.map((f) => join(root, f.path)));
  for (const dir of ownedDirs(root, packages)) {
    for (const file of await jsonFilesIn(dir)) if (!wanted.has(file)) await rm(file);
  }
  for (const f of files) {
    await mkdir(join(root, f.path, '..'), { recursive: true });
    await writeFile(join(root, f.path), f.content);
  }
  return files;
}

/**
 * Differences between the committed templates and what a build would write, changes without a
 * version bump, and kept versions changed or removed (git history). Empty: up to date.
 */
export async function staleTemplates(root: string, packages: readonly ConnectorPackage[]): Promise<string[]> {
  const files = plannedFiles(root, packages);
  const versions = await planVersions(root, currentTemplates(packages));
  const problems: string[] = [...versions.problems, ...versions.add.map((f) => `${f.path}: version not kept yet`)];
  problems.push(...(await changedKeptVersions(root)));
  const wanted = new Set(files.map((f) => join(root, f.path)));
  for (const f of files) {
    let current: string | undefined;
    try {
      current = await readFile(join(root, f.path), 'utf8');
    } catch {
      current = undefined;
    }
    if (current === undefined) problems.push(`${f.path}: missing`);
    else if (current !== f.content) problems.push(`${f.path}: differs from the connector definition`);
  }
  for (const dir of ownedDirs(root, packages)) {
    for (const file of await jsonFilesIn(dir)) if (!wanted.has(file)) problems.push(`${relative(root, file)}: no connector generates it`);
  }
  return problems;
}
