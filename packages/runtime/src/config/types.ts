import type { LogFormatSetting, LogLevel } from '../observability/index.js';

export type GrpcCompression = 'none' | 'gzip';

/** Everything the runtime can be told, validated. Built by {@link loadConfig} only. */
export interface RuntimeConfig {
  http: {
    host: string;
    /** 0 picks a free port. */
    port: number;
    /** Bearer token of the management endpoints; none: they are open. */
    managementToken?: string;
    /** With a token: health probes answer without it (statuses only). Default true. */
    healthOpen?: boolean;
  };
  worker: {
    /** Jobs one connector's worker executes at once (polled and streamed together). */
    maxJobsActive: number;
    /** How long an activated job stays locked to this runtime (ms). */
    jobTimeoutMs: number;
    /** Pause between activation rounds that found no job, when polling is the main channel (ms). */
    pollIntervalMs: number;
    /** Use job streaming when the engine offers it. */
    streamEnabled: boolean;
    /** Interval of the safety-net poll while a job stream is open (ms). */
    streamPollIntervalMs: number;
    /** Worker name the engine records on activated jobs. */
    name: string;
  };
  engine: {
    /**
     * Compression of the messages the runtime sends to the engine over gRPC: `none` (default) or
     * `gzip` (what `@camunda8/sdk` hard-codes).
     */
    grpcCompression: GrpcCompression;
  };
  connectors: {
    /** Scan node_modules for connector packages. */
    discovery: boolean;
    /** Explicit modules: package names, subpath exports or file paths. */
    modules: string[];
    /** Only these job types or connector ids are served (empty: all). */
    allow: string[];
    /** These job types or connector ids are never served. */
    deny: string[];
    /** Job type overrides by normalized connector id (`IO_CONNECTORKIT_HTTP_JSON`). */
    jobTypes: Record<string, string>;
  };
  inbound: {
    /** Run inbound connectors (needs the engine's REST address). */
    enabled: boolean;
    /** Time between discovery rounds (ms). */
    discoveryIntervalMs: number;
    /** SQLite file path or postgres:// URL of the state store. */
    stateUrl: string;
    /** Shortest polling interval an element may ask for (ms). */
    pollIntervalMinMs: number;
    /** Minimum lease of a polled source with several replicas (ms). */
    pollLeaseMs: number;
    /** Largest webhook request body (bytes). */
    webhookMaxBodyBytes: number;
  };
  secrets: {
    /** Prefix of secret environment variables; false turns environment secrets off. */
    envPrefix: string | false;
    dirs: string[];
  };
  /** Time the runtime gives in-flight jobs on shutdown before handing them back (ms). */
  shutdownTimeoutMs: number;
  logLevel: LogLevel;
  /**
   * `CONNECTORKIT_*` variables that are not the runtime's own: connectors' operator settings,
   * checked against what the loaded connectors declare when the runtime starts.
   */
  connectorEnv: Record<string, string>;
  /** `auto`: pretty on a terminal, JSON lines otherwise (decided by the CLI, which knows its standard output). */
  logFormat: LogFormatSetting;
  /** Directory whose node_modules are scanned and against which relative module paths resolve. */
  cwd: string;
}

/** What the command line asked for besides configuration. */
export interface CliRequest {
  command: 'start' | 'help' | undefined;
  config: RuntimeConfig;
}
