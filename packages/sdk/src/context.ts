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
  /**
   * Marks a value the connector obtained at run time (an OAuth access token, a session id) as
   * sensitive: from then on it is masked like a secret, in every spelling (URL-encoded,
   * JSON-escaped, any case, base64), in log lines, error messages, incidents and the variables of
   * failures. Returns the value, so `const token = ctx.sensitive(await fetchToken())` reads well.
   * The values of properties declared `secret: true` and `{{secrets.*}}` references are masked
   * without it.
   */
  readonly sensitive: <V extends string | undefined | null>(value: V) => V;
  /**
   * The secret values this job's input holds (substituted `{{secrets.*}}` references and values of
   * `secret: true` properties) and those marked sensitive so far: lets a connector tell which of its
   * inputs carry a credential, for example to drop every header holding one on a redirect to
   * another origin. Never log them.
   */
  readonly secretsUsed: readonly string[];
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

/**
 * Why a correlation failed:
 * - `ACTIVATION_CONDITION_NOT_MET`: no element's activation condition holds and none consumes
 *   unmatched events (when one does, the result is `ignored` instead);
 * - `INVALID_INPUT`: the event cannot be correlated as configured (a correlation key or message id
 *   expression finds nothing, a FEEL error, a result mapping that fails);
 * - `ENGINE_UNAVAILABLE`: the engine could not be reached or is overloaded (retry later);
 * - `ENGINE_REJECTED`: the engine refused the command (for example no such process any more);
 * - `INTERNAL`: anything else; `errorId` names it in the runtime's log and activity log.
 */
export type CorrelationErrorCode = 'ACTIVATION_CONDITION_NOT_MET' | 'INVALID_INPUT' | 'ENGINE_UNAVAILABLE' | 'ENGINE_REJECTED' | 'INTERNAL';

/** The outcome of one correlation attempt. */
export type CorrelationResult =
  | {
      status: 'correlated';
      /** Key of the published message (message events). */
      messageKey?: string;
      /** Key of the created instance (none start events). */
      processInstanceKey?: string;
      /** The engine already had a message with this id: nothing new happened, which counts as success. */
      duplicate?: boolean;
      /** The element that took the event. */
      elementId?: string;
      bpmnProcessId?: string;
    }
  /** No activation condition held and unmatched events are consumed: drop the event (ack it). */
  | { status: 'ignored'; reason: string }
  | { status: 'failed-retryable'; code: CorrelationErrorCode; error: string; errorId?: string }
  | { status: 'failed-permanent'; code: CorrelationErrorCode; error: string; errorId?: string };

export interface CorrelateOptions {
  /**
   * Makes a replay harmless: the engine refuses a second message with the same id while the first
   * is buffered (its TTL). Used when the element has no `messageIdExpression`.
   */
  messageId?: string;
}

/** Durable key/value state for cursors (values are JSON). */
export interface StateStore {
  get<T = unknown>(key: string): Promise<T | undefined>;
  put(key: string, value: unknown): Promise<void>;
  delete(key: string): Promise<void>;
}

/** The BPMN elements a running inbound connector serves (several when they share a deduplication id). */
export interface InboundElementInfo {
  bpmnProcessId: string;
  version: number;
  processDefinitionKey: string;
  elementId: string;
  tenantId: string;
}

export interface InboundContext<Props> {
  /** The element's properties bound to the connector's declared properties (secrets replaced, validated). */
  readonly properties: Props;
  /** The elements this connector serves (never empty). */
  readonly elements: readonly InboundElementInfo[];
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
  /** Upper case (`POST`). */
  method: string;
  /** Path and query as received (`/inbound/orders?x=1`). */
  url: string;
  /** The context the request was sent to (the part after `/inbound/`). */
  context: string;
  /** Header names in lower case; a header sent more than once keeps every value, in order. */
  headers: Record<string, string | string[]>;
  /** Query parameters; a parameter given more than once keeps every value, in order. */
  query: Record<string, string | string[]>;
  /**
   * The body: parsed JSON (`application/json` and `+json`), a form as an object
   * (`application/x-www-form-urlencoded`, repeated fields as lists), text for `text/*`; for any
   * other type, or none, the raw bytes decoded as UTF-8 when they are valid text, else undefined.
   */
  body: unknown;
  /** Raw bytes exactly as received, for signature checks. */
  rawBody: Uint8Array;
}

export interface WebhookResponse {
  status: number;
  headers?: Record<string, string>;
  /** A string or bytes go out as they are; anything else as JSON. */
  body?: unknown;
}

/** The state a polling connector gets for one poll. */
export interface PollContext<Props> extends InboundContext<Props> {
  /** The cursor returned by the last poll whose items were all handled; undefined on the first poll. */
  readonly cursor: unknown;
}

/** One thing a poll found: a new file, a changed record, ... */
export interface PollItem {
  /**
   * Stable identity of this item *in this state* (for example a file id and its modified time):
   * the runtime correlates an id once and drops it when a later poll returns it again.
   */
  id: string;
  /** What the process gets (and what activation condition and mappings see). */
  variables: Record<string, unknown>;
  /** Message id for the engine's own duplicate check (default: `id`). */
  messageId?: string;
}

export interface PollResult {
  items: readonly PollItem[];
  /** Saved once every item was correlated (or ignored, or failed for good); handed back as `cursor`. */
  cursor: unknown;
  /** More is ready now (another page): the runtime polls again at once instead of waiting. */
  more?: boolean;
}
