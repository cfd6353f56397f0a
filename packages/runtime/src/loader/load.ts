import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ConnectorLogger, InboundConnector, OutboundConnector } from '@connectorkit/sdk';
import { moduleSpecifier } from '@connectorkit/sdk/manifest';
import { connectorsOf } from './collect.js';
import { discoverConnectorPackages, findPackageDir } from './discover.js';
import { LoaderError } from './errors.js';
import { activeConditions, resolvePackageEntry } from './resolve.js';
import { selectConnectors, type Candidate, type ConnectorSource, type Selection, type SelectOptions } from './select.js';

export interface LoadConnectorsOptions extends SelectOptions {
  /** Where discovery starts and relative module paths resolve. */
  cwd: string;
  /** Scan node_modules for connector packages. */
  discovery: boolean;
  /** Explicit modules: package names, subpath exports (`@acme/pkg/outbound`) or file paths. */
  modules: readonly string[];
  logger: ConnectorLogger;
  /** Export conditions for resolving packages. Default: Node's, plus `--conditions` given to this process. */
  conditions?: readonly string[];
  /** Connector definitions given as objects (embedding, tests); they go through the same selection. */
  definitions?: readonly (OutboundConnector | InboundConnector)[];
}

export interface ModuleFailure {
  module: string;
  package?: string;
  code: string;
  message: string;
}

export interface LoadResult extends Selection {
  /** Discovered packages that could not be loaded (already logged). The others are loaded. */
  failures: ModuleFailure[];
}

const looksLikePath = (spec: string): boolean =>
  spec.startsWith('.') || isAbsolute(spec) || /\.(?:[cm]?js|[cm]?ts)$/.test(spec) || spec.startsWith('file:');

function splitSpecifier(spec: string): { name: string; subpath: string } {
  const parts = spec.split('/');
  const n = spec.startsWith('@') ? 2 : 1;
  const rest = parts.slice(n).join('/');
  return { name: parts.slice(0, n).join('/'), subpath: rest ? `./${rest}` : '.' };
}

async function importFile(file: string): Promise<Record<string, unknown>> {
  return (await import(pathToFileURL(file).href)) as Record<string, unknown>;
}

function reason(e: unknown): { code: string; message: string } {
  const code = typeof (e as { code?: unknown })?.code === 'string' ? (e as { code: string }).code : 'IMPORT_FAILED';
  return { code, message: e instanceof Error ? e.message : String(e) };
}

/** Imports one configured module; any failure is fatal (the configuration names something that is not there). */
async function loadExplicit(spec: string, options: LoadConnectorsOptions, conditions: readonly string[]): Promise<Candidate[]> {
  let namespace: Record<string, unknown>;
  let source: ConnectorSource;
  try {
    if (looksLikePath(spec)) {
      const file = spec.startsWith('file:') ? new URL(spec).pathname : resolve(options.cwd, spec);
      if (!existsSync(file)) throw new Error(`no such file: ${file}`);
      source = { module: file };
      namespace = await importFile(file);
    } else {
      const { name, subpath } = splitSpecifier(spec);
      const found = findPackageDir(name, options.cwd);
      source = { module: spec, package: name, ...(found?.pkg.version ? { version: found.pkg.version } : {}) };
      namespace = found
        ? await importFile(resolvePackageEntry(found.dir, found.pkg, subpath, conditions))
        : ((await import(spec)) as Record<string, unknown>); // installed next to the runtime instead
    }
  } catch (e) {
    throw new LoaderError('CONNECTOR_MODULE_FAILED', `Connector module '${spec}' could not be loaded: ${reason(e).message}`, { cause: e });
  }
  const found = connectorsOf(namespace);
  const all = [...found.outbound, ...found.inbound];
  if (all.length === 0) {
    throw new LoaderError(
      'NO_CONNECTOR_IN_MODULE',
      `Connector module '${spec}' exports no connector definition (an object made with defineOutbound or defineInbound)`,
    );
  }
  return all.map((connector) => ({ connector, source }));
}

/**
 * Loads the connectors to serve: from every installed package that declares
 * `"connectorkit": { "connectors": "." }` (when discovery is on), then from the configured
 * modules; applies job type overrides and the allow / deny lists; refuses duplicate types.
 * A discovered package that fails to import is logged and skipped; a configured module that
 * fails is an error.
 */
export async function loadConnectors(options: LoadConnectorsOptions): Promise<LoadResult> {
  const conditions = options.conditions ?? activeConditions();
  const candidates: Candidate[] = [];
  const failures: ModuleFailure[] = [];
  const fail = (f: ModuleFailure) => {
    failures.push(f);
    options.logger.error({ module: f.module, package: f.package, code: f.code, reason: f.message }, 'connector package could not be loaded; continuing without it');
  };

  if (options.discovery) {
    const discovered = discoverConnectorPackages(options.cwd);
    for (const bad of discovered.invalid) fail({ module: bad.dir, package: bad.name, code: bad.error.code, message: bad.error.message });
    for (const p of discovered.packages) {
      for (const subpath of p.subpaths) {
        const module = moduleSpecifier(p.name, subpath);
        const source: ConnectorSource = { module, package: p.name, ...(p.version ? { version: p.version } : {}) };
        try {
          const found = connectorsOf(await importFile(resolvePackageEntry(p.dir, p.pkg, subpath, conditions)));
          const all = [...found.outbound, ...found.inbound];
          if (all.length === 0) options.logger.warn({ module, package: p.name }, 'connector package exports no connector definition');
          for (const connector of all) candidates.push({ connector, source });
        } catch (e) {
          fail({ module, package: p.name, ...reason(e) });
        }
      }
    }
  }

  for (const spec of options.modules) candidates.push(...(await loadExplicit(spec, options, conditions)));
  for (const connector of options.definitions ?? []) candidates.push({ connector, source: { module: '(given as object)' } });

  const selection = selectConnectors(candidates, options);
  for (const s of selection.skipped) {
    options.logger.info({ connectorId: s.id, type: s.type, direction: s.direction, reason: s.reason }, 'connector not served (allow/deny configuration)');
  }
  for (const name of selection.unusedOverrides) {
    options.logger.warn({ variable: name }, 'job type override matches no loaded outbound connector');
  }
  return { ...selection, failures };
}
