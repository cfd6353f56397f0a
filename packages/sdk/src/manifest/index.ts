/**
 * Connector manifests: how a package declares its connectors in package.json
 * (`"connectorkit": { "connectors": "." }`, or a list of subpaths such as `[".", "./extra"]`), how
 * such packages are found and their entry files resolved, and how the connector definitions of a
 * module are recognised. One implementation for every host: the runtime's loader and the template
 * tool. Node-only (reads the file system): a separate subpath, `@connectorkit/sdk/manifest`.
 */
import { existsSync, readdirSync, readFileSync, statSync, type Dirent } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import type { ConnectorDefinition, InboundConnector, OutboundConnector } from '../definition.js';

/** The package.json fields discovery and resolution read. */
export interface PackageJson {
  name?: string;
  version?: string;
  main?: string;
  exports?: unknown;
  connectorkit?: unknown;
}

/** A package's manifest is malformed, or its connector entry cannot be resolved. */
export class ManifestError extends Error {
  override readonly name = 'ManifestError';
  readonly code = 'INVALID_CONNECTOR_PACKAGE' as const;
}

/** A package that declares connectors in its package.json. */
export interface ConnectorPackage {
  name: string;
  version?: string;
  dir: string;
  pkg: PackageJson;
  /** Subpaths to import: `.` or `./something` (the field may also list several). */
  subpaths: string[];
}

/** Reads the `connectorkit` field; undefined when the package declares no connectors. Throws {@link ManifestError} when malformed. */
export function connectorSubpaths(pkg: PackageJson, where: string): string[] | undefined {
  const field = pkg.connectorkit;
  if (field === undefined) return undefined;
  const value = field !== null && typeof field === 'object' ? (field as { connectors?: unknown }).connectors : undefined;
  const list = typeof value === 'string' ? [value] : Array.isArray(value) ? value : undefined;
  if (!list || list.length === 0 || !list.every((s) => typeof s === 'string' && (s === '.' || s.startsWith('./')))) {
    throw new ManifestError(`${where}: "connectorkit.connectors" must be "." or a subpath export such as "./connectors" (or a list of them)`);
  }
  return list as string[];
}

/** The module specifier of a package subpath: `@acme/pkg` for `.`, `@acme/pkg/outbound` for `./outbound`. */
export function moduleSpecifier(packageName: string, subpath: string): string {
  return subpath === '.' ? packageName : `${packageName}/${subpath.slice(2)}`;
}

export function readPackageJson(dir: string): PackageJson | undefined {
  try {
    return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PackageJson;
  } catch {
    return undefined;
  }
}

/**
 * The connector package in `dir`: undefined when there is no package.json, it has no name or it
 * declares no connectors. Throws {@link ManifestError} when its `connectorkit` field is malformed.
 */
export function readConnectorPackage(dir: string): ConnectorPackage | undefined {
  const pkg = readPackageJson(dir);
  if (!pkg?.name) return undefined;
  const subpaths = connectorSubpaths(pkg, pkg.name);
  if (!subpaths) return undefined;
  return { name: pkg.name, ...(pkg.version === undefined ? {} : { version: pkg.version }), dir, pkg, subpaths };
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
  // Entries with their types: a stat call only for links (workspace packages), not for each of
  // the hundreds of directories a node_modules holds.
  const dirsIn = (dir: string): Dirent[] => {
    try {
      return readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    } catch {
      return [];
    }
  };
  const isPackageDir = (entry: Dirent, path: string) => entry.isDirectory() || (entry.isSymbolicLink() && isDir(path));
  for (const entry of dirsIn(nodeModules)) {
    if (entry.name.startsWith('.')) continue;
    const path = join(nodeModules, entry.name);
    if (!isPackageDir(entry, path)) continue;
    if (entry.name.startsWith('@')) {
      for (const s of dirsIn(path)) if (!s.name.startsWith('.') && isPackageDir(s, join(path, s.name))) out.push(join(path, s.name));
    } else {
      out.push(path);
    }
  }
  return out;
}

export interface DiscoveryResult {
  packages: ConnectorPackage[];
  /** Packages whose `connectorkit` field is malformed. */
  invalid: { name: string; dir: string; error: ManifestError }[];
}

/**
 * Finds connector packages: every package in the `node_modules` directories from `cwd` upwards
 * (scoped ones and workspace links included; the nearest copy of a name wins), plus the package
 * at `cwd` itself when it declares connectors.
 */
export function discoverConnectorPackages(cwd: string): DiscoveryResult {
  const seen = new Set<string>();
  const result: DiscoveryResult = { packages: [], invalid: [] };
  const consider = (dir: string, installedAs?: string) => {
    // Most packages in node_modules declare no connectors: a look at the text spares parsing
    // hundreds of package.json files at start-up (time and garbage). The name it is installed
    // under still counts as seen, so a nearer copy without connectors keeps hiding a farther one.
    if (installedAs !== undefined && seen.has(installedAs)) return;
    let text: string;
    try {
      text = readFileSync(join(dir, 'package.json'), 'utf8');
    } catch {
      return;
    }
    if (installedAs !== undefined && !text.includes('"connectorkit"')) {
      seen.add(installedAs);
      return;
    }
    let pkg: PackageJson | undefined;
    try {
      pkg = JSON.parse(text) as PackageJson;
    } catch {
      return;
    }
    if (installedAs !== undefined) seen.add(installedAs);
    if (!pkg?.name || (pkg.name !== installedAs && seen.has(pkg.name))) return;
    seen.add(pkg.name);
    try {
      const subpaths = connectorSubpaths(pkg, pkg.name);
      if (subpaths) result.packages.push({ name: pkg.name, version: pkg.version, dir, pkg, subpaths });
    } catch (e) {
      if (!(e instanceof ManifestError)) throw e;
      result.invalid.push({ name: pkg.name, dir, error: e });
    }
  };
  consider(resolve(cwd));
  for (const nm of nodeModulesDirs(cwd)) for (const dir of packageDirsIn(nm)) consider(dir, relative(nm, dir).split(sep).join('/'));
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

function pickTarget(target: unknown, conditions: readonly string[]): string | undefined {
  if (typeof target === 'string') return target;
  if (Array.isArray(target)) {
    for (const t of target) {
      const r = pickTarget(t, conditions);
      if (r !== undefined) return r;
    }
    return undefined;
  }
  if (target !== null && typeof target === 'object') {
    // Keys are tried in the package's order; the first condition that is active wins (Node's rule).
    for (const [key, value] of Object.entries(target)) {
      if (!conditions.includes(key)) continue;
      const r = pickTarget(value, conditions);
      if (r !== undefined) return r;
    }
  }
  return undefined;
}

/**
 * The file a package subpath (`.` or `./sub`) points to, following the `exports` map with the
 * given conditions (or `main` / `index.js` for a package without one). Throws {@link ManifestError}.
 */
export function resolvePackageEntry(dir: string, pkg: PackageJson, subpath: string, conditions: readonly string[]): string {
  const where = `${pkg.name ?? dir} (${subpath})`;
  let target: string | undefined;
  if (pkg.exports !== undefined && pkg.exports !== null) {
    const exp = pkg.exports;
    const isSubpathMap = typeof exp === 'object' && !Array.isArray(exp) && Object.keys(exp).some((k) => k.startsWith('.'));
    const entry = isSubpathMap ? (exp as Record<string, unknown>)[subpath] : subpath === '.' ? exp : undefined;
    if (entry === undefined) throw new ManifestError(`${where}: the package does not export '${subpath}'`);
    target = pickTarget(entry, conditions);
    if (target === undefined) throw new ManifestError(`${where}: no export matches the conditions ${conditions.join(', ')}`);
  } else if (subpath === '.') {
    target = pkg.main ?? 'index.js';
  } else {
    target = subpath;
  }
  const file = resolve(dir, target);
  if (!existsSync(file)) throw new ManifestError(`${where}: entry ${join(target)} does not exist (is the package built?)`);
  return file;
}

function isConnector(value: unknown): value is ConnectorDefinition {
  if (value === null || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  return (
    (v.direction === 'outbound' || v.direction === 'inbound') &&
    typeof v.id === 'string' &&
    typeof v.type === 'string' &&
    typeof v.properties === 'object' &&
    v.properties !== null
  );
}

export interface CollectedConnectors {
  outbound: OutboundConnector[];
  inbound: InboundConnector[];
}

/**
 * Every connector definition a module exports (named exports, the default export, lists of
 * definitions in either, and the fields of a CommonJS `module.exports`), each once. Recognised by
 * shape, not by class: a package may bring its own copy of the SDK.
 */
export function connectorsOf(namespace: Record<string, unknown>): CollectedConnectors {
  const found = new Set<ConnectorDefinition>();
  const take = (value: unknown) => {
    for (const v of Array.isArray(value) ? value : [value]) if (isConnector(v)) found.add(v);
  };
  for (const [name, value] of Object.entries(namespace)) {
    take(value);
    // A CommonJS module arrives as `default` = its `module.exports` object.
    if (name === 'default' && value !== null && typeof value === 'object' && !Array.isArray(value) && !isConnector(value)) {
      for (const inner of Object.values(value)) take(inner);
    }
  }
  const all = [...found];
  return {
    outbound: all.filter((c): c is OutboundConnector => c.direction === 'outbound' && typeof (c as OutboundConnector).execute === 'function'),
    inbound: all.filter((c): c is InboundConnector => c.direction === 'inbound'),
  };
}
