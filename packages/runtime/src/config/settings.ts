import { hostname } from 'node:os';
import type { z } from 'zod';
import type { RuntimeConfig } from './types.js';
import * as v from './values.js';

/** Every setting of the runtime: one environment variable, optionally one command-line flag. */
export interface Setting {
  env: string;
  /** Long flag name without dashes. */
  flag?: string;
  /** Placeholder shown in help, e.g. `N`. */
  valueName: string;
  /** The flag may be repeated (values accumulate); the variable then takes a comma-separated list. */
  multiple?: boolean;
  /** Default as shown in help; undefined: none. */
  defaultText?: string;
  description: string;
  /** Validates a raw value and writes it into the config. */
  apply(config: RuntimeConfig, raw: string, cwd: string): z.ZodSafeParseResult<unknown>;
}

function setting<T>(
  spec: Omit<Setting, 'apply'> & { schema: (cwd: string) => z.ZodType<T, string>; set: (c: RuntimeConfig, value: T) => void },
): Setting {
  const { schema, set, ...rest } = spec;
  return {
    ...rest,
    apply(config, raw, cwd) {
      const result = schema(cwd).safeParse(raw);
      if (result.success) set(config, result.data);
      return result;
    },
  };
}

/** Per-connector job type: `CONNECTORKIT_JOB_TYPE_<CONNECTOR ID IN UPPER SNAKE CASE>`. */
export const JOB_TYPE_PREFIX = 'CONNECTORKIT_JOB_TYPE_';

/** `io.connectorkit.http-json` -> `IO_CONNECTORKIT_HTTP_JSON`. */
export function normalizeConnectorId(id: string): string {
  return id
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toUpperCase();
}

export const LOG_LEVEL_ENV = 'LOG_LEVEL';

export const SETTINGS: readonly Setting[] = [
  setting({
    env: 'CONNECTORKIT_HTTP_HOST',
    flag: 'host',
    valueName: 'HOST',
    defaultText: '0.0.0.0',
    description: 'Interface of the HTTP server (health, metrics, connector list).',
    schema: () => v.nonEmpty,
    set: (c, x) => (c.http.host = x),
  }),
  setting({
    env: 'CONNECTORKIT_HTTP_PORT',
    flag: 'port',
    valueName: 'N',
    defaultText: '8080',
    description: 'Port of the HTTP server; 0 picks a free port.',
    schema: () => v.wholeNumber(0, 65535),
    set: (c, x) => (c.http.port = x),
  }),
  setting({
    env: 'CONNECTORKIT_MANAGEMENT_TOKEN',
    valueName: 'TOKEN',
    description:
      'Token of the management endpoints: /metrics, /connectors/* and GET /inbound then need Authorization: Bearer <token>, and only requests with it see readiness details. Webhooks (/inbound/<context>) never need it.',
    schema: () => v.nonEmpty,
    set: (c, x) => (c.http.managementToken = x),
  }),
  setting({
    env: 'CONNECTORKIT_MANAGEMENT_HEALTH_OPEN',
    valueName: 'BOOL',
    defaultText: 'true',
    description: 'With a management token: /health/live and /health/ready answer without it (their status only, no details).',
    schema: () => v.bool,
    set: (c, x) => (c.http.healthOpen = x),
  }),
  setting({
    env: 'CONNECTORKIT_CONNECTORS',
    flag: 'connector',
    valueName: 'MODULE',
    multiple: true,
    description:
      'Connector modules to load besides the discovered ones: package names, subpath exports or file paths (relative to the working directory). The variable takes a comma-separated list; the flag may be repeated and then replaces the variable.',
    schema: () => v.list,
    set: (c, x) => (c.connectors.modules = x),
  }),
  setting({
    env: 'CONNECTORKIT_DISCOVERY',
    valueName: 'BOOL',
    defaultText: 'true',
    description: 'Scan node_modules (from the working directory) for packages declaring "connectorkit": { "connectors": ... } in their package.json.',
    schema: () => v.bool,
    set: (c, x) => (c.connectors.discovery = x),
  }),
  setting({
    env: 'CONNECTORKIT_ALLOW_TYPES',
    valueName: 'LIST',
    description: 'Serve only these job types or connector ids (comma-separated). Default: all.',
    schema: () => v.list,
    set: (c, x) => (c.connectors.allow = x),
  }),
  setting({
    env: 'CONNECTORKIT_DENY_TYPES',
    valueName: 'LIST',
    description: 'Never serve these job types or connector ids (comma-separated). Applied after the allow list.',
    schema: () => v.list,
    set: (c, x) => (c.connectors.deny = x),
  }),
  setting({
    env: 'CONNECTORKIT_MAX_JOBS_ACTIVE',
    flag: 'max-jobs',
    valueName: 'N',
    defaultText: '32',
    description: 'Jobs each connector executes at once (streamed and polled together); more wait in the engine.',
    schema: () => v.wholeNumber(1, 10_000),
    set: (c, x) => (c.worker.maxJobsActive = x),
  }),
  setting({
    env: 'CONNECTORKIT_GRPC_COMPRESSION',
    valueName: 'none|gzip',
    defaultText: 'none',
    description:
      'Compression of what the runtime sends to the engine over gRPC (job completions and their variables). none saves about 0.2 ms of CPU per job; gzip (what @camunda8/sdk does by default) saves bandwidth when large variables cross a slow link.',
    schema: () => v.grpcCompression,
    set: (c, x) => (c.engine.grpcCompression = x),
  }),
  setting({
    env: 'CONNECTORKIT_JOB_TIMEOUT',
    flag: 'job-timeout',
    valueName: 'DURATION',
    defaultText: '5m',
    description: 'How long an activated job stays locked to this runtime before the engine may hand it to another worker.',
    schema: () => v.duration(1000),
    set: (c, x) => (c.worker.jobTimeoutMs = x),
  }),
  setting({
    env: 'CONNECTORKIT_POLL_INTERVAL',
    valueName: 'DURATION',
    defaultText: '300ms',
    description: 'Pause after an activation round that found no job, when polling is the main channel (no streaming).',
    schema: () => v.duration(10, 3_600_000),
    set: (c, x) => (c.worker.pollIntervalMs = x),
  }),
  setting({
    env: 'CONNECTORKIT_STREAM_ENABLED',
    valueName: 'BOOL',
    defaultText: 'true',
    description: 'Use job streaming when the engine offers it (Zeebe 8.3+); polling remains as a safety net.',
    schema: () => v.bool,
    set: (c, x) => (c.worker.streamEnabled = x),
  }),
  setting({
    env: 'CONNECTORKIT_STREAM_POLL_INTERVAL',
    valueName: 'DURATION',
    defaultText: '30s',
    description: 'Interval of the safety-net poll while a job stream is open (catches jobs the stream missed).',
    schema: () => v.duration(100, 3_600_000),
    set: (c, x) => (c.worker.streamPollIntervalMs = x),
  }),
  setting({
    env: 'CONNECTORKIT_WORKER_NAME',
    valueName: 'NAME',
    defaultText: 'connectorkit-<hostname>',
    description: 'Worker name the engine records on the jobs this runtime activates.',
    schema: () => v.nonEmpty,
    set: (c, x) => (c.worker.name = x),
  }),
  setting({
    env: 'CONNECTORKIT_INBOUND_ENABLED',
    valueName: 'BOOL',
    defaultText: 'true',
    description:
      'Run inbound connectors (webhooks, subscriptions, polling) for the deployed processes that use them. Needs the engine REST address (ZEEBE_REST_ADDRESS or CAMUNDA_REST_ADDRESS); without it inbound is off.',
    schema: () => v.bool,
    set: (c, x) => (c.inbound.enabled = x),
  }),
  setting({
    env: 'CONNECTORKIT_DISCOVERY_INTERVAL',
    valueName: 'DURATION',
    defaultText: '5s',
    description: 'How often the runtime reads the deployed process definitions to start, move and stop inbound connectors.',
    schema: () => v.duration(100, 3_600_000),
    set: (c, x) => (c.inbound.discoveryIntervalMs = x),
  }),
  setting({
    env: 'CONNECTORKIT_STATE_URL',
    flag: 'state',
    valueName: 'URL|PATH',
    defaultText: '.connectorkit/state.db',
    description:
      'Where polling and subscription connectors keep their cursors: a SQLite file (path, relative to the working directory; created on first use) or postgres://user:password@host/db, which several runtime replicas can share (a lease makes one replica poll a source at a time).',
    schema: () => v.nonEmpty,
    set: (c, x) => (c.inbound.stateUrl = x),
  }),
  setting({
    env: 'CONNECTORKIT_POLL_INTERVAL_MIN',
    valueName: 'DURATION',
    defaultText: '1s',
    description: 'The shortest interval a polling connector may use, whatever an element asks for (its pollingInterval property).',
    schema: () => v.duration(10, 3_600_000),
    set: (c, x) => (c.inbound.pollIntervalMinMs = x),
  }),
  setting({
    env: 'CONNECTORKIT_POLL_LEASE',
    valueName: 'DURATION',
    defaultText: '30s',
    description:
      'With several replicas on one state store: how long a replica holds the right to poll a source (at least twice the poll interval). If it dies, another takes over after this long.',
    schema: () => v.duration(1000, 3_600_000),
    set: (c, x) => (c.inbound.pollLeaseMs = x),
  }),
  setting({
    env: 'CONNECTORKIT_WEBHOOK_MAX_BODY',
    valueName: 'BYTES',
    defaultText: '1048576',
    description: 'Largest webhook request body accepted, in bytes; a larger one is answered 413.',
    schema: () => v.wholeNumber(1, 1024 * 1024 * 1024),
    set: (c, x) => (c.inbound.webhookMaxBodyBytes = x),
  }),
  setting({
    env: 'CONNECTORKIT_SECRETS_ENV_PREFIX',
    valueName: 'PREFIX',
    defaultText: 'SECRET_',
    description: "{{secrets.NAME}} reads the environment variable <PREFIX>NAME; 'false' turns environment secrets off.",
    schema: () => v.secretPrefix,
    set: (c, x) => (c.secrets.envPrefix = x),
  }),
  setting({
    env: 'CONNECTORKIT_SECRETS_DIR',
    valueName: 'DIRS',
    description: '{{secrets.NAME}} reads the file <DIR>/NAME (comma-separated directories, asked in order after the environment).',
    schema: (cwd) => v.directories(cwd),
    set: (c, x) => (c.secrets.dirs = x),
  }),
  setting({
    env: 'CONNECTORKIT_SHUTDOWN_TIMEOUT',
    flag: 'shutdown-timeout',
    valueName: 'DURATION',
    defaultText: '30s',
    description: 'On SIGTERM/SIGINT: time in-flight jobs get to finish; jobs still running then are handed back to the engine.',
    schema: () => v.duration(0, 3_600_000),
    set: (c, x) => (c.shutdownTimeoutMs = x),
  }),
  setting({
    env: LOG_LEVEL_ENV,
    flag: 'log-level',
    valueName: 'LEVEL',
    defaultText: 'info',
    description: 'trace, debug, info, warn, error, fatal or silent. Logs are JSON lines on standard output.',
    schema: () => v.logLevel,
    set: (c, x) => (c.logLevel = x),
  }),
  setting({
    env: 'CONNECTORKIT_LOG_FORMAT',
    flag: 'log-format',
    valueName: 'FORMAT',
    defaultText: 'auto',
    description:
      'pretty: one readable line per entry, coloured (unless NO_COLOR is set); json: one JSON object per line (pino), for log shippers; auto: pretty when standard output is a terminal, json otherwise (pipes, containers, files).',
    schema: () => v.logFormat,
    set: (c, x) => (c.logFormat = x),
  }),
];

/** The configuration before any variable or flag is applied. */
export function defaultConfig(cwd: string): RuntimeConfig {
  return {
    http: { host: '0.0.0.0', port: 8080 },
    worker: {
      maxJobsActive: 32,
      jobTimeoutMs: 300_000,
      pollIntervalMs: 300,
      streamEnabled: true,
      streamPollIntervalMs: 30_000,
      name: `connectorkit-${hostname()}`,
    },
    engine: { grpcCompression: 'none' },
    connectors: { discovery: true, modules: [], allow: [], deny: [], jobTypes: {} },
    inbound: {
      enabled: true,
      discoveryIntervalMs: 5000,
      stateUrl: '.connectorkit/state.db',
      pollIntervalMinMs: 1000,
      pollLeaseMs: 30_000,
      webhookMaxBodyBytes: 1024 * 1024,
    },
    secrets: { envPrefix: 'SECRET_', dirs: [] },
    shutdownTimeoutMs: 30_000,
    logLevel: 'info',
    logFormat: 'auto',
    connectorEnv: {},
    cwd,
  };
}
