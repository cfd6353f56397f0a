import { resolvePackageEntry as resolveEntry, type PackageJson } from '@connectorkit/sdk/manifest';
import { loaderError } from './discover.js';

export type { PackageJson } from '@connectorkit/sdk/manifest';

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

/**
 * The file a package subpath (`.` or `./sub`) points to, following the `exports` map with the
 * given conditions (or `main` / `index.js` for a package without one): the SDK's manifest module,
 * its errors reported as {@link LoaderError}.
 */
export function resolvePackageEntry(dir: string, pkg: PackageJson, subpath: string, conditions: readonly string[]): string {
  try {
    return resolveEntry(dir, pkg, subpath, conditions);
  } catch (e) {
    throw loaderError(e);
  }
}
