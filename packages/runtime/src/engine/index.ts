export { EngineMonitor, type EngineHealth, type EngineMonitorOptions } from './monitor.js';
export { createEngineClient, NO_VARIABLES, type EngineClientOptions } from './client.js';
export { EngineError, type EngineErrorCode } from './errors.js';
export { engineTargetFromEnv, supportsJobStreaming } from './target.js';
export type {
  ActivateJobsRequest,
  ActivatedJob,
  EngineClient,
  EngineTarget,
  EngineTopology,
  FailJobCommand,
  JobStream,
  JobStreamRequest,
  ThrowErrorCommand,
  UnreadableVariable,
} from './types.js';
export {
  createDefinitionSource,
  createInboundEngine,
  grpcStatus,
  restAddressFromEnv,
  type CreateInstanceCommand,
  type DefinitionSource,
  type InboundEngine,
  type ProcessDefinitionInfo,
  type PublishMessageCommand,
} from './inbound.js';
