import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { LoaderError } from './errors.js';

export interface PackageJson {
  name?: string;
  version?: string;
  main?: string;
  exports?: unknown;
  connectorkit?: unknown;
}

/** Conditions Node applies when importing, plus the ones given with `--conditions` / `-C`. */
export function activeConditions(execArgv: readonly string[] = process.execArgv, nodeOptions = process.env.NODE_OPTIONS ?? ''): string[] {
  const found = ['import', 'node', 'module-sync', 'default'];
  const args = [...execArgv, ...nodeOptions.split(/\s+/).filter(Boolean)];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const m = /^(?:--conditions|-C)=(.+)$/.exec(a);
    if (m) found.unshift(m[1]!);
    else if ((a === '--conditions' || a === '-C') && args[i + 1]) found.unshift(args[++i]!);
  }
  return [...new Set(found)];
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
 * given conditions (or `main` / `index.js` for a package without one).
 */
export function resolvePackageEntry(dir: string, pkg: PackageJson, subpath: string, conditions: readonly string[]): string {
  const where = `${pkg.name ?? dir} (${subpath})`;
  let target: string | undefined;
  if (pkg.exports !== undefined && pkg.exports !== null) {
    const exp = pkg.exports;
    const isSubpathMap = typeof exp === 'object' && !Array.isArray(exp) && Object.keys(exp).some((k) => k.startsWith('.'));
    const entry = isSubpathMap ? (exp as Record<string, unknown>)[subpath] : subpath === '.' ? exp : undefined;
    if (entry === undefined) throw new LoaderError('INVALID_CONNECTOR_PACKAGE', `${where}: the package does not export '${subpath}'`);
    target = pickTarget(entry, conditions);
    if (target === undefined) {
      throw new LoaderError('INVALID_CONNECTOR_PACKAGE', `${where}: no export matches the conditions ${conditions.join(', ')}`);
    }
  } else if (subpath === '.') {
    target = pkg.main ?? 'index.js';
  } else {
    target = subpath;
  }
  const file = resolve(dir, target);
  if (!existsSync(file)) {
    throw new LoaderError('INVALID_CONNECTOR_PACKAGE', `${where}: entry ${join(target)} does not exist (is the package built?)`);
  }
  return file;
}
