import { randomUUID } from 'node:crypto';
import {
  bindInboundProperties,
  ConnectorInputError,
  ConnectorRetryError,
  maskSecrets,
  parseIsoDuration,
  pollOnce,
  toMillis,
  type Activity,
  type ConnectorLogger,
  type CorrelationResult,
  type Health,
  type InboundConnector,
  type InboundContext,
  type InboundElementInfo,
  type PollingDefinition,
  type SecretProvider,
  type WebhookRequest,
  type WebhookResponse,
} from '@connectorkit/sdk';
import type { InboundEngine } from '../engine/inbound.js';
import type { RuntimeMetrics } from '../observability/metrics.js';
import type { RuntimeStore } from '../state/store.js';
import { WebhookConflictError, type WebhookRouter, type WebhookTarget } from '../webhook/router.js';
import { correlateEvent } from './correlation.js';
import type { DiscoveredElement } from './discovery.js';

export type ExecutableStatus = 'ACTIVATING' | 'ACTIVE' | 'FAILED' | 'STOPPED';

export interface PollingSettings {
  /** Used when neither the element (`pollingInterval`) nor the connector sets one (ms). */
  defaultIntervalMs: number;
  /** No element may poll more often (ms). */
  minIntervalMs: number;
  /** Replica identity for leases. */
  owner: string;
  /** A lease lasts at least this long (ms); a dead replica's lease expires after it. */
  leaseMs: number;
}

export interface ExecutableDeps {
  secrets: SecretProvider;
  engine: () => InboundEngine;
  store: RuntimeStore;
  logger: ConnectorLogger;
  metrics: RuntimeMetrics;
  webhooks: WebhookRouter;
  polling: PollingSettings;
  /** Activity entries kept per connector. */
  activityLimit: number;
}

/** What `GET /inbound` shows of one running (or failed) inbound connector. */
export interface InboundConnectorInfo {
  id: string;
  type: string;
  connectorId?: string;
  kind?: string;
  status: ExecutableStatus | 'INVALID';
  reason?: string;
  bpmnProcessId: string;
  tenantId: string;
  versions: number[];
  elementIds: string[];
  webhookContext?: string;
  health: Health;
  activatedAt?: string;
  activity: Activity[];
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });

const BACKOFF_MAX_MS = 5 * 60_000;
const WARN_EVERY_MS = 10_000;

/** The context of a connector whose property type the runtime does not know statically. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyContext = InboundContext<Record<string, any>>;

/**
 * One running inbound connector: the elements that share its deduplication id, its bound
 * properties, its context (correlate, state, health, activity log) and its kind's life: a webhook
 * route, a subscription, or a polling loop the runtime drives.
 */
export class InboundExecutable implements WebhookTarget {
  status: ExecutableStatus = 'ACTIVATING';
  reason: string | undefined;
  private health: Health = { status: 'UNKNOWN' };
  private readonly activity: Activity[] = [];
  /** When a warning of each tag was last logged, and how many were left out since. */
  private readonly warned = new Map<string, { at: number; suppressed: number }>();
  private readonly abort = new AbortController();
  private readonly inFlight = new Set<Promise<unknown>>();
  private secretsUsed: readonly string[] = [];
  private ctx: AnyContext | undefined;
  private webhookContext: string | undefined;
  private loop: Promise<void> | undefined;
  private activatedAt: string | undefined;
  private stopping: Promise<void> | undefined;
  /** When a FAILED activation may be tried again (a webhook path freed, a secret added, a broker back). */
  private retryAt = Infinity;
  /** Activation attempts that failed in a row (before this one). */
  private readonly failedAttempts: number;

  constructor(
    readonly id: string,
    readonly connector: InboundConnector,
    private elementList: DiscoveredElement[],
    private readonly deps: ExecutableDeps,
    /** The failed attempt this one retries: its count, and its reason (a repeated reason is not logged again). */
    private readonly previous?: { failures: number; reason: string | undefined; activity: readonly Activity[] },
  ) {
    this.failedAttempts = previous?.failures ?? 0;
    this.activity.push(...(previous?.activity ?? []));
  }

  /** The activity log so far (oldest first). */
  get activityLog(): readonly Activity[] {
    return this.activity;
  }

  /** A failed activation is tried again: at the next round for a taken webhook path, else with backoff (30 s doubling to 5 min). */
  retryDue(now = Date.now()): boolean {
    return this.status === 'FAILED' && now >= this.retryAt;
  }

  get failures(): number {
    return this.failedAttempts + (this.status === 'FAILED' ? 1 : 0);
  }

  get type(): string {
    return this.connector.type;
  }

  get elements(): readonly DiscoveredElement[] {
    return this.elementList;
  }

  /** The first element's raw properties: equal for every element sharing an automatic deduplication id. */
  get properties(): Record<string, string> {
    return this.elementList[0]!.properties;
  }

  describe(): string {
    const e = this.elementList[0]!;
    return `process '${e.bpmnProcessId}' element '${e.elementId}'`;
  }

  /** A new version (or a version gone): the connector keeps running, with its state, for these elements. */
  updateElements(elements: DiscoveredElement[]): void {
    this.elementList = elements;
  }

  private scope(): string {
    return `${this.connector.type}/${this.id}`;
  }

  /** Binds, validates and starts the connector; on failure the status is FAILED with the reason. */
  async activate(options: { mayReplace?: (owner: WebhookTarget) => boolean } = {}): Promise<void> {
    const log = this.deps.logger;
    try {
      const bound = await bindInboundProperties(this.connector, this.properties, this.deps.secrets);
      this.secretsUsed = bound.secretsUsed;
      this.ctx = this.context(bound.input);
      if (this.connector.activate) await this.connector.activate(this.ctx);
      if (this.connector.kind === 'webhook') {
        const context = this.properties['inbound.context'];
        if (!context) throw new ConnectorInputError('Invalid input: inbound.context: is required', { issues: [{ field: 'inbound.context', rule: 'is required' }] });
        this.deps.webhooks.claim(context, this, options.mayReplace);
        this.webhookContext = context;
      }
      if (this.connector.kind === 'polling') this.loop = this.pollLoop(this.connector as PollingDefinition & InboundConnector);
      this.status = 'ACTIVE';
      this.activatedAt = new Date().toISOString();
      if (this.health.status === 'UNKNOWN') this.health = { status: 'UP' };
      this.deps.metrics.inboundRunning(this.type, 1);
      this.record({ severity: 'info', tag: 'Lifecycle', message: `activated for ${this.describe()}` });
    } catch (e) {
      this.status = 'FAILED';
      this.reason = this.mask(e instanceof Error ? e.message : String(e));
      this.retryAt = e instanceof WebhookConflictError ? 0 : Date.now() + Math.min(300_000, 30_000 * 2 ** Math.min(this.failedAttempts, 4));
      this.health = { status: 'DOWN', error: { message: this.reason } };
      if (this.reason !== this.previous?.reason) {
        this.record({ severity: 'error', tag: 'Lifecycle', message: `activation failed: ${this.reason}` });
        log.warn({ inboundId: this.id, type: this.type, reason: this.reason }, 'an inbound connector could not be activated');
      }
      this.abort.abort();
      await this.runDeactivate();
    }
  }

  /** Stops taking events, deactivates the connector and waits (until `untilAt`) for events in flight. */
  deactivate(untilAt = Date.now() + 10_000): Promise<void> {
    return (this.stopping ??= (async () => {
      const wasActive = this.status === 'ACTIVE';
      if (this.webhookContext) this.deps.webhooks.release(this.webhookContext, this);
      this.abort.abort();
      const wait = (p: Promise<unknown>) =>
        Promise.race([p.then(() => true, () => true), new Promise<boolean>((r) => setTimeout(() => r(false), Math.max(0, untilAt - Date.now())).unref())]);
      if (wasActive) await wait(this.runDeactivate());
      if (this.loop) await wait(this.loop);
      await wait(Promise.allSettled([...this.inFlight]));
      if (wasActive) this.deps.metrics.inboundRunning(this.type, -1);
      this.status = 'STOPPED';
      this.record({ severity: 'info', tag: 'Lifecycle', message: 'deactivated' });
    })());
  }

  private async runDeactivate(): Promise<void> {
    if (!this.ctx || !this.connector.deactivate) return;
    try {
      await this.connector.deactivate(this.ctx);
    } catch (e) {
      this.record({ severity: 'warning', tag: 'Lifecycle', message: `deactivate failed: ${e instanceof Error ? e.message : String(e)}` });
    }
  }

  /** Webhook kind: one request to this connector's context. */
  async handle(request: WebhookRequest): Promise<WebhookResponse> {
    if (this.connector.kind !== 'webhook' || !this.ctx || this.status !== 'ACTIVE') {
      return { status: 503, headers: { 'retry-after': '5' }, body: { reason: 'the webhook is not active' } };
    }
    const work = (async () => {
      try {
        return await (this.connector as { handle: (r: WebhookRequest, c: AnyContext) => Promise<WebhookResponse> | WebhookResponse }).handle(request, this.ctx!);
      } catch (e) {
        const errorId = randomUUID();
        const reason = this.mask(e instanceof Error ? e.message : String(e));
        this.record({ severity: 'error', tag: 'Webhook', message: `request failed inside the connector: ${reason}`, data: { errorId } });
        return { status: 500, body: { reason: 'the webhook failed inside the runtime', errorId } };
      }
    })();
    this.track(work);
    return work;
  }

  private track(p: Promise<unknown>): void {
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p)).catch(() => undefined);
  }

  private context(properties: unknown): AnyContext {
    const elements = (): InboundElementInfo[] =>
      this.elementList.map((e) => ({
        bpmnProcessId: e.bpmnProcessId,
        version: e.version,
        processDefinitionKey: e.processDefinitionKey,
        elementId: e.elementId,
        tenantId: e.tenantId,
      }));
    return {
      properties: properties as AnyContext['properties'],
      get elements() {
        return elements();
      },
      correlate: (variables, options = {}) => {
        const p = this.correlate(variables, options);
        this.track(p);
        return p;
      },
      reportHealth: (h) => {
        const before = this.health.status;
        this.health = { ...h, ...(h.error ? { error: { ...h.error, message: this.mask(h.error.message) } } : {}) };
        if (before !== h.status && before !== 'UNKNOWN') {
          this.record({ severity: h.status === 'UP' ? 'info' : 'warning', tag: 'Health', message: `health ${before} -> ${h.status}${h.error ? `: ${this.mask(h.error.message)}` : ''}` });
        }
      },
      log: (a) => this.record(a),
      state: this.deps.store.scope(this.scope()),
      signal: this.abort.signal,
      logger: this.connectorLogger(),
    };
  }

  private async correlate(variables: Record<string, unknown>, options: { messageId?: string }): Promise<CorrelationResult> {
    const { metrics } = this.deps;
    metrics.inboundEvent(this.type, 'received');
    let engine: InboundEngine;
    try {
      engine = this.deps.engine();
    } catch (e) {
      metrics.inboundEvent(this.type, 'failed');
      return { status: 'failed-retryable', code: 'ENGINE_UNAVAILABLE', error: e instanceof Error ? e.message : String(e) };
    }
    const result = await correlateEvent(this.elementList, variables, options, {
      engine,
      onInternalError: (errorId, error) =>
        this.deps.logger.error({ inboundId: this.id, type: this.type, errorId, reason: this.mask(error instanceof Error ? error.message : String(error)) }, 'correlation failed inside the runtime'),
    });
    switch (result.status) {
      case 'correlated':
        metrics.inboundEvent(this.type, result.duplicate ? 'duplicate' : 'correlated');
        this.record({
          severity: 'info',
          tag: 'Correlation',
          message: result.duplicate
            ? 'duplicate: the engine already had a message with this id'
            : result.processInstanceKey
              ? `started process instance ${result.processInstanceKey} (${result.bpmnProcessId})`
              : `published message ${result.messageKey} for ${result.elementId}`,
        });
        break;
      case 'ignored':
        metrics.inboundEvent(this.type, 'ignored');
        this.record({ severity: 'debug', tag: 'Correlation', message: `ignored: ${result.reason}` });
        break;
      default:
        metrics.inboundEvent(this.type, 'failed');
        this.record({
          severity: result.status === 'failed-retryable' ? 'warning' : 'error',
          tag: 'Correlation',
          message: `${result.code}: ${this.mask(result.error)}`,
          ...(result.errorId ? { data: { errorId: result.errorId } } : {}),
        });
    }
    return result.status === 'failed-permanent' || result.status === 'failed-retryable' ? { ...result, error: this.mask(result.error) } : result;
  }

  private intervalMs(def: PollingDefinition): number {
    const { defaultIntervalMs, minIntervalMs } = this.deps.polling;
    const raw = this.properties.pollingInterval?.trim() || def.interval;
    let ms = defaultIntervalMs;
    if (raw) {
      try {
        ms = toMillis(parseIsoDuration(raw));
      } catch {
        this.record({ severity: 'warning', tag: 'Polling', message: `pollingInterval '${raw}' is not an ISO-8601 duration; polling every ${defaultIntervalMs} ms` });
      }
    }
    return Math.max(minIntervalMs, ms);
  }

  /** Polling kind: one poll at a time, at the interval, backing off after failures, under a lease. */
  private async pollLoop(def: PollingDefinition & InboundConnector): Promise<void> {
    const signal = this.abort.signal;
    const ctx = this.ctx!;
    const interval = this.intervalMs(def);
    const { store, polling } = this.deps;
    const leaseKey = `poll/${this.scope()}`;
    const leaseMs = Math.max(polling.leaseMs, 2 * interval);
    let failures = 0;
    let leased = false;
    while (!signal.aborted) {
      let wait = interval;
      try {
        const got = await store.acquireLease(leaseKey, polling.owner, leaseMs);
        if (got !== leased) {
          this.record({ severity: 'info', tag: 'Polling', message: got ? 'this runtime polls the source' : 'another runtime polls the source' });
          leased = got;
        }
        if (got) {
          const outcome = await pollOnce(def, ctx);
          if (outcome.status === 'retry') {
            failures++;
            wait = Math.min(BACKOFF_MAX_MS, interval * 2 ** Math.min(failures, 10));
          } else {
            if (failures > 0 || this.health.status !== 'UP') ctx.reportHealth({ status: 'UP' });
            failures = 0;
            if (outcome.correlated + outcome.failed > 0) {
              this.record({
                severity: 'info',
                tag: 'Polling',
                message: `poll: ${outcome.correlated} correlated, ${outcome.ignored} ignored, ${outcome.repeated} seen before, ${outcome.failed} failed`,
              });
            }
            if (outcome.more) wait = 0;
          }
        }
      } catch (e) {
        failures++;
        wait = Math.min(BACKOFF_MAX_MS, Math.max(1000, interval) * 2 ** Math.min(failures - 1, 10));
        // A connector that knows when to try again (a rate limit's Retry-After) says so.
        if (e instanceof ConnectorRetryError && e.backoffMs !== undefined) wait = Math.max(1000, e.backoffMs);
        const message = this.mask(e instanceof Error ? e.message : String(e));
        ctx.reportHealth({ status: 'DOWN', error: { message } });
        this.record({ severity: 'error', tag: 'Polling', message: `poll failed (attempt ${failures}), next try in ${Math.round(wait / 1000)} s: ${message}` });
      }
      if (wait > 0) await sleep(wait, signal);
    }
    if (leased) await store.releaseLease(leaseKey, polling.owner).catch(() => undefined);
  }

  private mask(text: string): string {
    return this.secretsUsed.length > 0 ? maskSecrets(text, this.secretsUsed) : text;
  }

  private record(a: Omit<Activity, 'timestamp'> & { timestamp?: string }): void {
    const entry: Activity = {
      severity: a.severity,
      tag: a.tag,
      message: this.mask(a.message),
      ...(a.data ? { data: maskSecrets(a.data, this.secretsUsed) } : {}),
      timestamp: a.timestamp ?? new Date().toISOString(),
    };
    this.activity.push(entry);
    if (this.activity.length > this.deps.activityLimit) this.activity.splice(0, this.activity.length - this.deps.activityLimit);
    const level = entry.severity === 'error' || entry.severity === 'warning' ? 'warn' : entry.severity === 'debug' ? 'debug' : 'info';
    let suppressed = 0;
    if (level === 'warn') {
      // Whoever can reach a webhook can cause warnings (a bad signature each): one log line per
      // tag every 10 s at most, with the count of those left out; the activity log keeps them all.
      const now = Date.now();
      const last = this.warned.get(entry.tag);
      if (last && now - last.at < WARN_EVERY_MS) {
        last.suppressed++;
        return;
      }
      suppressed = last?.suppressed ?? 0;
      this.warned.set(entry.tag, { at: now, suppressed: 0 });
    }
    this.deps.logger[level](
      { inboundId: this.id, type: this.type, tag: entry.tag, ...(entry.data ? { data: entry.data } : {}), ...(suppressed > 0 ? { alsoSinceLastLine: suppressed } : {}) },
      entry.message,
    );
  }

  private connectorLogger(): ConnectorLogger {
    const base = this.deps.logger;
    const wrap =
      (level: keyof ConnectorLogger) =>
      (obj: object | string, msg?: string): void => {
        const fields = typeof obj === 'string' ? {} : maskSecrets(obj, this.secretsUsed);
        const text = typeof obj === 'string' ? obj : msg;
        base[level]({ inboundId: this.id, type: this.type, ...fields }, text === undefined ? '' : this.mask(text));
      };
    return { debug: wrap('debug'), info: wrap('info'), warn: wrap('warn'), error: wrap('error') };
  }

  info(): InboundConnectorInfo {
    const first = this.elementList[0]!;
    return {
      id: this.id,
      type: this.type,
      connectorId: this.connector.id,
      kind: this.connector.kind,
      status: this.status,
      ...(this.reason ? { reason: this.reason } : {}),
      bpmnProcessId: first.bpmnProcessId,
      tenantId: first.tenantId,
      versions: [...new Set(this.elementList.map((e) => e.version))].sort((a, b) => a - b),
      elementIds: [...new Set(this.elementList.map((e) => e.elementId))].sort(),
      ...(this.webhookContext ? { webhookContext: this.webhookContext } : {}),
      health: this.health,
      ...(this.activatedAt ? { activatedAt: this.activatedAt } : {}),
      activity: [...this.activity],
    };
  }
}
