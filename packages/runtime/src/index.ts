/**
 * @connectorkit/runtime: runs connectors written with @connectorkit/sdk against Zeebe.
 *
 * Most users run the `connectors` command. Embedding: `startRuntime(loadConfig())`.
 */
export { startRuntime, type RuntimeHandle, type RuntimeStopReport, type StartRuntimeOptions } from './runtime.js';

// Configuration: environment variables and flags, read and validated in one place.
export { loadConfig, parseCommandLine, checkConnectorSettings, ConfigError, SETTINGS, JOB_TYPE_PREFIX, normalizeConnectorId, parseDuration } from './config/index.js';
export type { RuntimeConfig, CliRequest, ConfigIssue, LoadConfigOptions, Setting } from './config/index.js';

// Connector discovery and selection.
export { loadConnectors, discoverConnectorPackages, connectorsOf, selectConnectors, LoaderError } from './loader/index.js';
export type { LoadConnectorsOptions, LoadResult, LoadedOutbound, LoadedInbound, ConnectorSource, SkippedConnector, ModuleFailure } from './loader/index.js';

// Engine access (the only part that talks to @camunda8/sdk).
export { createEngineClient, EngineError, EngineMonitor, engineTargetFromEnv, supportsJobStreaming, NO_VARIABLES } from './engine/index.js';
export type { EngineClient, EngineTarget, EngineTopology, ActivatedJob, EngineErrorCode, EngineHealth } from './engine/index.js';

// Outbound jobs.
export { executeJob, type ExecuteDeps, type ActivatedJobInput } from './outbound/execute.js';
export type { JobOutcome, KindedOutcome, OutcomeKind } from './outbound/outcome.js';
export { OutboundWorker, type OutboundWorkerOptions, type WorkerStopReport } from './outbound/worker.js';
export { HAND_BACK_MESSAGE } from './outbound/worker-jobs.js';
export { workerHealth, type WorkerStatus, type WorkerMode, type StreamState } from './outbound/worker-status.js';

// Secrets, logging, metrics, HTTP.
export { secretProviderFromConfig, envSecretProvider, fileSecretProvider, SecretProviderError, type SecretsConfig } from './secrets/index.js';
export { createLogger, RuntimeMetrics, startHttpServer } from './observability/index.js';
export type { HealthReport, OutboundConnectorInfo, WorkerHealth, HttpServer, HttpServerOptions, LogLevel } from './observability/index.js';

// FEEL, as the runtime evaluates result and error expressions.
export { evaluateFeel, FeelError } from '@connectorkit/sdk';
