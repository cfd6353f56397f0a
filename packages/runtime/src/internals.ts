/**
 * The runtime's building blocks, for this repository's own tools (benchmarks, tests) and for
 * whoever needs to go below `startRuntime`. Not a stable API: it follows the code.
 */
export { loadConnectors, discoverConnectorPackages, connectorsOf, selectConnectors, LoaderError } from './loader/index.js';
export type { LoadConnectorsOptions, LoadResult, LoadedOutbound, LoadedInbound, ConnectorSource, SkippedConnector, ModuleFailure } from './loader/index.js';
export { createEngineClient, EngineError, EngineMonitor, engineTargetFromEnv, supportsJobStreaming, NO_VARIABLES } from './engine/index.js';
export { createDefinitionSource, createInboundEngine, restAddressFromEnv } from './engine/index.js';
export type { EngineClient, EngineTarget, EngineTopology, ActivatedJob, EngineErrorCode, EngineHealth, DefinitionSource, InboundEngine } from './engine/index.js';
export { executeJob, type ExecuteDeps, type ActivatedJobInput } from './outbound/execute.js';
export { OutboundWorker, type OutboundWorkerOptions, type WorkerStopReport } from './outbound/worker.js';
export { workerHealth, type WorkerMode, type StreamState } from './outbound/worker-status.js';
export { startHttpServer, type HttpServer, type HttpServerOptions } from './observability/index.js';
export { Discovery, type DiscoveryState, type DiscoveredElement } from './inbound/discovery.js';
export { InboundRegistry, deduplicationId } from './inbound/registry.js';
export { correlateEvent } from './inbound/correlation.js';
export { readInboundElements } from './inbound/bpmn.js';
export { openRuntimeStore, type RuntimeStore } from './state/index.js';
