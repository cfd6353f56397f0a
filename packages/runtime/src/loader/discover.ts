/**
 * Finding connector packages: the SDK's manifest module (the one the template tool uses too), with
 * a malformed manifest reported as a {@link LoaderError}.
 */
import {
  discoverConnectorPackages as discover,
  ManifestError,
  connectorSubpaths as subpathsOf,
  type ConnectorPackage,
  type PackageJson,
} from '@connectorkit/sdk/manifest';
import { LoaderError } from './errors.js';

export { findPackageDir, nodeModulesDirs, type ConnectorPackage } from '@connectorkit/sdk/manifest';

/** A manifest problem as the loader reports it. */
export function loaderError(e: unknown): unknown {
  return e instanceof ManifestError ? new LoaderError('INVALID_CONNECTOR_PACKAGE', e.message, { cause: e }) : e;
}

/** Reads the `connectorkit` field; undefined when the package declares no connectors. */
export function connectorSubpaths(pkg: PackageJson, where: string): string[] | undefined {
  try {
    return subpathsOf(pkg, where);
  } catch (e) {
    throw loaderError(e);
  }
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
  const found = discover(cwd);
  return {
    packages: found.packages,
    invalid: found.invalid.map((i) => ({ ...i, error: loaderError(i.error) as LoaderError })),
  };
}
