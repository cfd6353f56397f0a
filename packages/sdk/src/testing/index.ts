/**
 * Testing kit: run a connector without an engine. Outbound: from plain variables, headers and fake
 * secrets. Inbound: a context whose `correlate` records calls and can be told to fail, with
 * in-memory state.
 */
import type {
  Activity,
  CorrelateOptions,
  CorrelationResult,
  Health,
  InboundContext,
  InboundElementInfo,
  JobInfo,
  OutboundContext,
  StateStore,
} from '../context.js';
import { silentLogger, type ConnectorLogger } from '../context.js';
import type { InboundConnector, OutboundConnector } from '../definition.js';
import { bindInboundProperties } from '../inbound/bind.js';
import { pollOnce, type PollOutcome } from '../inbound/poll-cycle.js';
import type { InputOf } from '../infer.js';
import type { PropertyMap } from '../properties.js';
import { maskingLogger, staticSecrets, type SecretProvider } from '../secrets.js';
import { prepareInput } from '../validation.js';
import { executeOutboundJob, markSensitive } from '../outbound/execute.js';
import type { KindedOutcome } from '../outbound/outcome.js';

export type { JobOutcome, KindedOutcome, OutcomeKind } from '../outbound/outcome.js';

export interface OutboundTestOptions {
  /** Job variables as the engine would pass them (after the task's input mappings). */
  variables?: Record<string, unknown>;
  /** Task headers (resultVariable, errorExpression, ...). */
  headers?: Record<string, string>;
  /** Secrets by name, or any provider. */
  secrets?: Record<string, string> | SecretProvider;
  job?: Partial<JobInfo>;
  signal?: AbortSignal;
  log?: ConnectorLogger;
}

function provider(secrets: OutboundTestOptions['secrets']): SecretProvider {
  if (secrets === undefined) return staticSecrets({});
  return 'getSecret' in secrets && typeof secrets.getSecret === 'function'
    ? (secrets as SecretProvider)
    : staticSecrets(secrets as Record<string, string>);
}

export function fakeJob(type: string, overrides: Partial<JobInfo> = {}): JobInfo {
  return {
    key: '2251799813685249',
    type,
    processInstanceKey: '2251799813685248',
    processDefinitionKey: '2251799813685247',
    bpmnProcessId: 'test-process',
    elementId: 'task',
    elementInstanceKey: '2251799813685250',
    retries: 3,
    deadline: Date.now() + 60_000,
    customHeaders: {},
    ...overrides,
  };
}

/** Builds the context a runtime would pass: secrets replaced, input validated (throws ConnectorInputError). */
export async function createOutboundContext<Props extends PropertyMap, R>(
  connector: OutboundConnector<Props, R>,
  options: OutboundTestOptions = {},
): Promise<OutboundContext<InputOf<Props>>> {
  const used: string[] = [];
  const { input } = await prepareInput(connector.properties, options.variables ?? {}, provider(options.secrets), used);
  return {
    input,
    job: fakeJob(connector.type, { customHeaders: options.headers ?? {}, ...options.job }),
    // Masked as the runtime masks it: secrets, secret properties and values marked sensitive.
    log: maskingLogger(options.log ?? silentLogger, used),
    signal: options.signal ?? new AbortController().signal,
    sensitive: markSensitive(used),
    secretsUsed: used,
  };
}

/** Runs an outbound connector as the runtime would, up to (not including) result and error expressions. */
export async function runOutbound<Props extends PropertyMap, R>(
  connector: OutboundConnector<Props, R>,
  options: OutboundTestOptions = {},
): Promise<R> {
  return connector.execute(await createOutboundContext(connector, options));
}

/**
 * Runs an outbound job as the runtime does, end to end: task headers read, secrets replaced, input
 * validated, the connector called, then `resultVariable` / `resultExpression`, `errorExpression`
 * and `retryBackoff` applied. Returns the outcome the runtime would send to the engine: complete
 * with variables, fail with retries and backoff, or a BPMN error. Never throws (a bad input is a
 * failed outcome with no retries, as in the runtime). The job's retries default to 3
 * (`options.job.retries`).
 */
export async function runOutboundJob<Props extends PropertyMap, R>(
  connector: OutboundConnector<Props, R>,
  options: OutboundTestOptions = {},
): Promise<KindedOutcome> {
  return executeOutboundJob(
    connector,
    {
      info: fakeJob(connector.type, { customHeaders: options.headers ?? {}, ...options.job }),
      variables: options.variables ?? {},
    },
    {
      secrets: provider(options.secrets),
      logger: options.log ?? silentLogger,
      signal: options.signal ?? new AbortController().signal,
    },
  );
}

/** In-memory {@link StateStore}; values are copied through JSON like a durable store would. */
export function memoryStateStore(initial: Record<string, unknown> = {}): StateStore & { snapshot(): Record<string, unknown> } {
  const data = new Map<string, string>(Object.entries(initial).map(([k, v]) => [k, JSON.stringify(v)]));
  return {
    async get<T>(key: string) {
      const v = data.get(key);
      return v === undefined ? undefined : (JSON.parse(v) as T);
    },
    async put(key, value) {
      data.set(key, JSON.stringify(value));
    },
    async delete(key) {
      data.delete(key);
    },
    snapshot() {
      return Object.fromEntries([...data].map(([k, v]) => [k, JSON.parse(v)]));
    },
  };
}

export interface RecordedCorrelation {
  variables: Record<string, unknown>;
  options: CorrelateOptions;
  result: CorrelationResult;
}

export interface InboundTestOptions {
  /**
   * Element properties as stored in the BPMN (flat dotted names as `zeebe:property` holds them, or
   * nested): bound as the runtime binds them (secrets replaced, `=` values evaluated as FEEL).
   */
  properties?: Record<string, unknown>;
  secrets?: Record<string, string> | SecretProvider;
  state?: StateStore;
  /** The elements the connector serves (default: one none start event of `test-process`). */
  elements?: InboundElementInfo[];
}

export interface InboundHarness<Props> {
  ctx: InboundContext<Props>;
  correlations: RecordedCorrelation[];
  activities: Activity[];
  health: Health[];
  state: StateStore & { snapshot?(): Record<string, unknown> };
  /** The next correlate calls answer with these results, in order (then: correlated). */
  failNext(...results: CorrelationResult[]): void;
  /** Aborts the context's signal and calls the connector's deactivate. */
  deactivate(): Promise<void>;
  /** Polling connectors: one poll as the runtime runs it (saved cursor, dedupe, correlation, cursor save). */
  poll(): Promise<PollOutcome>;
}

/** A context for an inbound connector whose correlate calls are recorded. */
export async function createInboundContext<Props extends PropertyMap>(
  connector: InboundConnector<Props>,
  options: InboundTestOptions = {},
): Promise<InboundHarness<InputOf<Props>>> {
  // The runtime's own binding: keywords left out, secrets, FEEL at activation, dotted names nested.
  const input = (await bindInboundProperties(connector as InboundConnector, options.properties ?? {}, provider(options.secrets))).input as InputOf<Props>;
  const correlations: RecordedCorrelation[] = [];
  const activities: Activity[] = [];
  const health: Health[] = [];
  const queued: CorrelationResult[] = [];
  const seen = new Set<string>();
  const state = options.state ?? memoryStateStore();
  const abort = new AbortController();
  const ctx: InboundContext<InputOf<Props>> = {
    properties: input,
    elements: options.elements ?? [
      { bpmnProcessId: 'test-process', version: 1, processDefinitionKey: '2251799813685247', elementId: 'start', tenantId: '<default>' },
    ],
    async correlate(variables, opts = {}) {
      let result: CorrelationResult = queued.shift() ?? { status: 'correlated' };
      if (result.status === 'correlated' && opts.messageId !== undefined) {
        if (seen.has(opts.messageId)) result = { status: 'correlated', duplicate: true };
        seen.add(opts.messageId);
      }
      correlations.push({ variables, options: opts, result });
      return result;
    },
    reportHealth: (h) => void health.push(h),
    log: (a) => void activities.push({ ...a, timestamp: a.timestamp ?? new Date().toISOString() }),
    state,
    signal: abort.signal,
    logger: silentLogger,
  };
  return {
    ctx,
    correlations,
    activities,
    health,
    state,
    failNext: (...results) => void queued.push(...results),
    async deactivate() {
      abort.abort();
      await connector.deactivate?.(ctx);
    },
    async poll() {
      if (connector.kind !== 'polling') throw new TypeError(`connector "${connector.id}" is a ${connector.kind} connector, not a polling one`);
      return pollOnce(connector, ctx as InboundContext<unknown>);
    },
  };
}
export { catchModel, messageStartModel, startModel, stockWebhookProperties, taskModel } from './models.js';
