import { readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ConnectorDefinition } from '@connectorkit/sdk';
import { connectorsOf as collect, moduleSpecifier, readConnectorPackage, resolvePackageEntry } from '@connectorkit/sdk/manifest';

export interface ConnectorPackage {
  name: string;
  /** Absolute path of the package folder. */
  dir: string;
  connectors: ConnectorDefinition[];
}

/**
 * Export conditions for a workspace package's entry: its sources first (the tool runs them with
 * tsx, so no build is needed), then Node's own.
 */
export const WORKSPACE_CONDITIONS: readonly string[] = ['@connectorkit/source', 'import', 'node', 'module-sync', 'default'];

/** Connector definitions exported by a module (default and named exports, lists, each once), by id. */
export function connectorsOf(mod: Record<string, unknown>): ConnectorDefinition[] {
  const found = collect(mod);
  return [...found.outbound, ...found.inbound].sort((a, b) => a.id.localeCompare(b.id));
}

/**
 * Every workspace package under packages/connectors that declares connectors in its package.json
 * (`"connectorkit": { "connectors": "." }` or a list of subpaths), read and resolved by the SDK's
 * manifest module, as the runtime's loader does.
 */
export async function findConnectorPackages(root: string): Promise<ConnectorPackage[]> {
  const base = join(root, 'packages', 'connectors');
  const found: ConnectorPackage[] = [];
  for (const entry of (await readdir(base, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
    if (!entry.isDirectory()) continue;
    const dir = join(base, entry.name);
    const pkg = readConnectorPackage(dir);
    if (!pkg) continue;
    const connectors = new Set<ConnectorDefinition>();
    for (const subpath of pkg.subpaths) {
      const file = resolvePackageEntry(dir, pkg.pkg, subpath, WORKSPACE_CONDITIONS);
      const own = connectorsOf((await import(pathToFileURL(file).href)) as Record<string, unknown>);
      if (own.length === 0) {
        throw new Error(`${relative(root, dir)}: declares connectors but ${moduleSpecifier(pkg.name, subpath)} exports none`);
      }
      for (const c of own) connectors.add(c);
    }
    found.push({ name: pkg.name, dir, connectors: [...connectors].sort((a, b) => a.id.localeCompare(b.id)) });
  }
  return found;
}
