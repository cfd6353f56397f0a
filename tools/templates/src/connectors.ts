import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { ConnectorDefinition } from '@connectorkit/sdk';

export interface ConnectorPackage {
  name: string;
  /** Absolute path of the package folder. */
  dir: string;
  connectors: ConnectorDefinition[];
}

function isConnector(value: unknown): value is ConnectorDefinition {
  return (
    typeof value === 'object' &&
    value !== null &&
    ((value as { direction?: unknown }).direction === 'outbound' || (value as { direction?: unknown }).direction === 'inbound')
  );
}

/** Connector definitions exported by a module (default and named exports, each once). */
export function connectorsOf(mod: Record<string, unknown>): ConnectorDefinition[] {
  return [...new Set(Object.values(mod).filter(isConnector))].sort((a, b) => a.id.localeCompare(b.id));
}

/** Every workspace package under packages/connectors that declares connectors in its package.json. */
export async function findConnectorPackages(root: string): Promise<ConnectorPackage[]> {
  const base = join(root, 'packages', 'connectors');
  const found: ConnectorPackage[] = [];
  for (const entry of (await readdir(base, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
    if (!entry.isDirectory()) continue;
    const dir = join(base, entry.name);
    let pkg: { name: string; connectorkit?: { connectors?: string } };
    try {
      pkg = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8'));
    } catch {
      continue;
    }
    const entryPoint = pkg.connectorkit?.connectors;
    if (!entryPoint) continue;
    const specifier = entryPoint === '.' ? pkg.name : `${pkg.name}/${entryPoint.replace(/^\.\//, '')}`;
    const mod = (await import(specifier)) as Record<string, unknown>;
    const connectors = connectorsOf(mod);
    if (connectors.length === 0) throw new Error(`${relative(root, dir)}: declares connectors but ${specifier} exports none`);
    found.push({ name: pkg.name, dir, connectors });
  }
  return found;
}
