/**
 * @connectorkit/runtime: runs connectors written with @connectorkit/sdk against Zeebe.
 *
 * Most users run the `connectors` command. Embedding: `startRuntime(loadConfig())`, with
 * `StartRuntimeOptions` for extra connector definitions, a logger, secrets or metrics of your own.
 * The building blocks below it are in `@connectorkit/runtime/internals` (no stable API).
 */
export { startRuntime, type RuntimeHandle, type RuntimeStopReport, type StartRuntimeOptions } from './runtime.js';

// Configuration: environment variables and flags, read and validated in one place.
export { loadConfig, parseCommandLine, checkConnectorSettings, ConfigError, SETTINGS, JOB_TYPE_PREFIX, normalizeConnectorId, parseDuration } from './config/index.js';
export type { RuntimeConfig, CliRequest, ConfigIssue, LoadConfigOptions, Setting } from './config/index.js';

// What StartRuntimeOptions takes: secrets, a logger, metrics.
export { secretProviderFromConfig, envSecretProvider, fileSecretProvider, SecretProviderError, type SecretsConfig } from './secrets/index.js';
export { createLogger, RuntimeMetrics } from './observability/index.js';

// What the handle and the HTTP endpoints report.
export type { HealthReport, OutboundConnectorInfo, WorkerHealth, LogLevel } from './observability/index.js';
export type { WorkerStatus } from './outbound/worker-status.js';
export type { InboundConnectorInfo } from './inbound/executable.js';
/** The error message of a job this runtime handed back on shutdown (retries unchanged). */
export { HAND_BACK_MESSAGE } from './outbound/worker-jobs.js';
