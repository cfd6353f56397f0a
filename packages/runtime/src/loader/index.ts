export { loadConnectors, type LoadConnectorsOptions, type LoadResult, type ModuleFailure } from './load.js';
export { discoverConnectorPackages, findPackageDir, type ConnectorPackage, type DiscoveryResult } from './discover.js';
export { connectorsOf } from './collect.js';
export { selectConnectors, type ConnectorSource, type LoadedInbound, type LoadedOutbound, type SkippedConnector, type Selection } from './select.js';
export { activeConditions, resolvePackageEntry } from './resolve.js';
export { LoaderError, type LoaderErrorCode } from './errors.js';
