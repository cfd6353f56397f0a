export {
  createLogger,
  resolveLogLevel,
  resolveLogFormat,
  prettyLogDestination,
  LoggerConfigError,
  REDACTED_PATHS,
  LOG_LEVELS,
  LOG_FORMATS,
  type LogLevel,
  type LogFormat,
  type LogFormatSetting,
  type LoggerOptions,
} from './logger.js';
export { maskLogLine } from './masking.js';
export { jobLogger, type JobLogFields, type JobLogger } from './job-logger.js';
export { RuntimeMetrics, DEFAULT_EXECUTION_BUCKETS, type RuntimeMetricsOptions } from './metrics.js';
export type { HealthStatus, ComponentHealth, WorkerHealth, WorkersHealth, HealthReport, OutboundConnectorInfo } from './health.js';
export { startHttpServer, buildHttpApp, describeListening, type HttpServer, type HttpServerOptions, type ErrorBody } from './server.js';
