export { parseCommandLine, loadConfig, checkConnectorSettings, type LoadConfigOptions } from './load.js';
export { ConfigError, type ConfigIssue } from './errors.js';
export { SETTINGS, JOB_TYPE_PREFIX, normalizeConnectorId, defaultConfig, type Setting } from './settings.js';
export { parseDuration } from './values.js';
export type { RuntimeConfig, CliRequest } from './types.js';
