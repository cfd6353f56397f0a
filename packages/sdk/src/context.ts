/** What a connector sees at run time. Nothing here depends on where it runs. */

/** Minimal structured logger (pino-compatible subset). */
export interface ConnectorLogger {
  debug(obj: object | string, msg?: string): void;
  info(obj: object | string, msg?: string): void;
  warn(obj: object | string, msg?: string): void;
  error(obj: object | string, msg?: string): void;
}

export const silentLogger: ConnectorLogger = { debug() {}, info() {}, warn() {}, error() {} };

/** The job an outbound connector is executing. Keys are strings: Zeebe keys exceed 2^53. */
export interface JobInfo {
  key: string;
  type: string;
  processInstanceKey: string;
  processDefinitionKey: string;
  bpmnProcessId: string;
  elementId: string;
  elementInstanceKey: string;
  retries: number;
  /** Deadline of the job (epoch ms), after which the engine may hand it to another worker. */
  deadline: number;
  customHeaders: Readonly<Record<string, string>>;
  tenantId?: string;
}

export interface OutboundContext<Input> {
  /** Job variables bound to the connector's properties: secrets replaced, validated, defaults applied. */
  readonly input: Input;
  readonly job: JobInfo;
  readonly log: ConnectorLogger;
  /** Fires when the runtime shuts down or the job is about to time out. */
  readonly signal: AbortSignal;
}

export type HealthStatus = 'UP' | 'DOWN' | 'UNKNOWN';

export interface Health {
  status: HealthStatus;
  error?: { code?: string; message: string };
  details?: Record<string, unknown>;
}

export type ActivitySeverity = 'debug' | 'info' | 'warning' | 'error';

export interface Activity {
  severity: ActivitySeverity;
  tag: string;
  message: string;
  data?: Record<string, unknown>;
  timestamp: string;
}

/** The outcome of one correlation attempt. */
export type CorrelationResult =
  | { status: 'correlated'; messageKey?: string; processInstanceKey?: string; duplicate?: boolean }
  | { status: 'ignored'; reason: string }
  | { status: 'failed-retryable'; error: string }
  | { status: 'failed-permanent'; error: string };

export interface CorrelateOptions {
  /** Makes a replay harmless: the engine refuses a second message with the same id. */
  messageId?: string;
}

/** Durable key/value state for cursors (values are JSON). */
export interface StateStore {
  get<T = unknown>(key: string): Promise<T | undefined>;
  put(key: string, value: unknown): Promise<void>;
  delete(key: string): Promise<void>;
}

export interface InboundContext<Props> {
  /** The element's properties bound to the connector's declared properties (secrets replaced, validated). */
  readonly properties: Props;
  /** Starts or continues process instances with the event's variables. Never throws. */
  correlate(variables: Record<string, unknown>, options?: CorrelateOptions): Promise<CorrelationResult>;
  reportHealth(health: Health): void;
  /** Activity log: what the connector did, shown to operators. */
  log(activity: Omit<Activity, 'timestamp'> & { timestamp?: string }): void;
  readonly state: StateStore;
  /** Aborted when the connector is deactivated. */
  readonly signal: AbortSignal;
  readonly logger: ConnectorLogger;
}

/** An HTTP request received by a webhook connector. */
export interface WebhookRequest {
  method: string;
  /** Path and query as received. */
  url: string;
  headers: Record<string, string>;
  query: Record<string, string>;
  /** Parsed body (JSON or form) when it could be parsed, else undefined. */
  body: unknown;
  /** Raw bytes, for signature checks. */
  rawBody: Uint8Array;
}

export interface WebhookResponse {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}
