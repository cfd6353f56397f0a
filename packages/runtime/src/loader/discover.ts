import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { LoaderError } from './errors.js';
import type { PackageJson } from './resolve.js';

/** A package that declares connectors in its package.json: `"connectorkit": { "connectors": "." }`. */
export interface ConnectorPackage {
  name: string;
  version?: string;
  dir: string;
  pkg: PackageJson;
  /** Subpaths to import: `.` or `./something` (the field may also list several). */
  subpaths: string[];
}

function readPackageJson(dir: string): PackageJson | undefined {
  try {
    return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PackageJson;
  } catch {
    return undefined;
  }
}

function isDir(path: string): boolean {
  try {
    return statSync(path).isDirectory(); // follows symlinks: workspace packages are links
  } catch {
    return false;
  }
}

/** The `node_modules` directories Node would search from `cwd`, nearest first. */
export function nodeModulesDirs(cwd: string): string[] {
  const dirs: string[] = [];
  let dir = resolve(cwd);
  for (;;) {
    const nm = join(dir, 'node_modules');
    if (isDir(nm)) dirs.push(nm);
    const parent = dirname(dir);
    if (parent === dir) return dirs;
    dir = parent;
  }
}

function packageDirsIn(nodeModules: string): string[] {
  const out: string[] = [];
  let entries: string[];
  try {
    entries = readdirSync(nodeModules);
  } catch {
    return out;
  }
  for (const entry of entries.sort()) {
    if (entry.startsWith('.')) continue;
    const path = join(nodeModules, entry);
    if (entry.startsWith('@')) {
      let scoped: string[] = [];
      try {
        scoped = readdirSync(path);
      } catch {
        continue;
      }
      for (const s of scoped.sort()) if (!s.startsWith('.') && isDir(join(path, s))) out.push(join(path, s));
    } else if (isDir(path)) {
      out.push(path);
    }
  }
  return out;
}

/** Reads the `connectorkit` field; undefined when the package declares no connectors. */
export function connectorSubpaths(pkg: PackageJson, where: string): string[] | undefined {
  const field = pkg.connectorkit;
  if (field === undefined) return undefined;
  const value = field !== null && typeof field === 'object' ? (field as { connectors?: unknown }).connectors : undefined;
  const list = typeof value === 'string' ? [value] : Array.isArray(value) ? value : undefined;
  if (!list || list.length === 0 || !list.every((s) => typeof s === 'string' && (s === '.' || s.startsWith('./')))) {
    throw new LoaderError(
      'INVALID_CONNECTOR_PACKAGE',
      `${where}: "connectorkit.connectors" must be "." or a subpath export such as "./connectors" (or a list of them)`,
    );
  }
  return list as string[];
}

export interface DiscoveryResult {
  packages: ConnectorPackage[];
  /** Packages whose `connectorkit` field is malformed. */
  invalid: { name: string; dir: string; error: LoaderError }[];
}

/**
 * Finds connector packages: every package in the `node_modules` directories from `cwd` upwards
 * (scoped ones and workspace links included; the nearest copy of a name wins), plus the package
 * at `cwd` itself when it declares connectors.
 */
export function discoverConnectorPackages(cwd: string): DiscoveryResult {
  const seen = new Set<string>();
  const result: DiscoveryResult = { packages: [], invalid: [] };
  const consider = (dir: string) => {
    const pkg = readPackageJson(dir);
    if (!pkg?.name || seen.has(pkg.name)) return;
    seen.add(pkg.name);
    try {
      const subpaths = connectorSubpaths(pkg, pkg.name);
      if (subpaths) result.packages.push({ name: pkg.name, version: pkg.version, dir, pkg, subpaths });
    } catch (e) {
      result.invalid.push({ name: pkg.name, dir, error: e as LoaderError });
    }
  };
  consider(resolve(cwd));
  for (const nm of nodeModulesDirs(cwd)) for (const dir of packageDirsIn(nm)) consider(dir);
  return result;
}

/** The directory of an installed package as Node would find it from `cwd`, or undefined. */
export function findPackageDir(name: string, cwd: string): { dir: string; pkg: PackageJson } | undefined {
  for (const nm of nodeModulesDirs(cwd)) {
    const dir = join(nm, ...name.split('/'));
    const pkg = readPackageJson(dir);
    if (pkg) return { dir, pkg };
  }
  return undefined;
}
