import { createRequire } from 'node:module';
import type * as Prom from 'prom-client';

// prom-client's entry file also loads its push gateway, cluster aggregation, summaries and default
// metrics (with @opentelemetry/api): about 30 ms of start-up and a few MB. The four classes used
// here take about 4 ms; the process metrics are loaded when first wanted (startProcessMetrics).
// The package has no exports map: these files are its public paths, and the types are its own.
const requireHere = createRequire(import.meta.url);
const Registry = requireHere('prom-client/lib/registry') as typeof Prom.Registry;
const Counter = requireHere('prom-client/lib/counter') as typeof Prom.Counter;
const Gauge = requireHere('prom-client/lib/gauge') as typeof Prom.Gauge;
const Histogram = requireHere('prom-client/lib/histogram') as typeof Prom.Histogram;

export interface RuntimeMetricsOptions {
  /** Collect Node.js process metrics (CPU, memory, event loop, GC). Default true. */
  defaultMetrics?: boolean;
  /** Prefix of the process metrics, e.g. `connectors_` gives `connectors_process_cpu_seconds_total`. Default none. */
  defaultMetricsPrefix?: string;
  /** Buckets of `connectors_job_execution_seconds`, in seconds. */
  executionBuckets?: readonly number[];
}

/** From 5 ms to 5 min: connectors wait on third-party APIs, so the long tail matters. */
export const DEFAULT_EXECUTION_BUCKETS: readonly number[] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];

/** How often the event-loop lag histogram (`nodejs_eventloop_lag_p99_seconds` and the like) takes a sample. */
export const EVENT_LOOP_SAMPLE_MS = 1000;

/**
 * The runtime's Prometheus metrics, on a registry of their own (never prom-client's global one, so
 * several runtimes or tests in one process do not collide). Every method is safe to call from job
 * handling: a bad duration is not recorded rather than thrown.
 */
export class RuntimeMetrics {
  readonly registry: Prom.Registry;
  private processMetrics: { prefix: string } | undefined;

  // Outbound jobs, labelled by job type.
  private readonly activated: Prom.Counter<'type'>;
  private readonly completed: Prom.Counter<'type'>;
  private readonly failed: Prom.Counter<'type'>;
  private readonly bpmnErrors: Prom.Counter<'type'>;
  private readonly executionSeconds: Prom.Histogram<'type'>;
  private readonly jobsInFlight: Prom.Gauge<'type'>;
  private readonly commandsRejected: Prom.Counter<'type' | 'command'>;

  // Inbound connectors, labelled by inbound type.
  private readonly inboundEvents: Prom.Counter<'type' | 'result'>;
  private readonly inboundActive: Prom.Gauge<'type'>;

  constructor(options: RuntimeMetricsOptions = {}) {
    this.registry = new Registry();
    const registers = [this.registry];
    if (options.defaultMetrics !== false) this.processMetrics = { prefix: options.defaultMetricsPrefix ?? '' };
    this.activated = new Counter({
      name: 'connectors_jobs_activated_total',
      help: 'Outbound jobs activated by the runtime',
      labelNames: ['type'],
      registers,
    });
    this.completed = new Counter({
      name: 'connectors_jobs_completed_total',
      help: 'Outbound jobs completed successfully',
      labelNames: ['type'],
      registers,
    });
    this.failed = new Counter({
      name: 'connectors_jobs_failed_total',
      help: 'Outbound jobs failed (retried or incident)',
      labelNames: ['type'],
      registers,
    });
    this.bpmnErrors = new Counter({
      name: 'connectors_jobs_bpmn_errors_total',
      help: 'Outbound jobs that threw a BPMN error',
      labelNames: ['type'],
      registers,
    });
    this.executionSeconds = new Histogram({
      name: 'connectors_job_execution_seconds',
      help: 'Time from activation to completion, failure or BPMN error of an outbound job',
      labelNames: ['type'],
      buckets: [...(options.executionBuckets ?? DEFAULT_EXECUTION_BUCKETS)],
      registers,
    });
    this.jobsInFlight = new Gauge({
      name: 'connectors_jobs_in_flight',
      help: 'Outbound jobs being handled right now',
      labelNames: ['type'],
      registers,
    });
    this.commandsRejected = new Counter({
      name: 'connectors_job_commands_rejected_total',
      help: 'Job commands (complete, fail, error) the engine refused, by command',
      labelNames: ['type', 'command'],
      registers,
    });
    this.inboundEvents = new Counter({
      name: 'connectors_inbound_events_total',
      help: 'Inbound events by result: received, correlated, duplicate, ignored, failed',
      labelNames: ['type', 'result'],
      registers,
    });
    this.inboundActive = new Gauge({
      name: 'connectors_inbound_active',
      help: 'Inbound connectors running',
      labelNames: ['type'],
      registers,
    });
  }

  /** One inbound event of a connector type: `received` when it arrives, then its result. */
  inboundEvent(type: string, result: 'received' | 'correlated' | 'duplicate' | 'ignored' | 'failed'): void {
    this.inboundEvents.inc({ type, result });
  }

  /** +1 when an inbound connector starts, -1 when it stops. */
  inboundRunning(type: string, delta: number): void {
    this.inboundActive.inc({ type }, delta);
  }

  jobActivated(type: string): void {
    this.activated.inc({ type });
  }

  jobCompleted(type: string, seconds: number): void {
    this.completed.inc({ type });
    this.observe(type, seconds);
  }

  jobFailed(type: string, seconds: number): void {
    this.failed.inc({ type });
    this.observe(type, seconds);
  }

  bpmnError(type: string, seconds: number): void {
    this.bpmnErrors.inc({ type });
    this.observe(type, seconds);
  }

  /** The engine refused a job command (`complete`: for example a result too large for it). */
  commandRejected(type: string, command: string): void {
    this.commandsRejected.inc({ type, command });
  }

  /** Adds `delta` (+1 when a job starts, -1 when it ends) to the jobs in flight of a type. */
  inFlight(type: string, delta: number): void {
    if (Number.isFinite(delta)) this.jobsInFlight.inc({ type }, delta);
  }

  /**
   * Starts collecting the Node.js process metrics (CPU, memory, event loop, GC), unless turned off;
   * once only. The runtime calls it once it is ready, and the first scrape at the latest: CPU and
   * memory figures cover the whole process, the GC and event-loop histograms start from here.
   */
  startProcessMetrics(): void {
    if (!this.processMetrics) return;
    const { prefix } = this.processMetrics;
    this.processMetrics = undefined;
    const collectDefaultMetrics = requireHere('prom-client/lib/defaultMetrics') as typeof Prom.collectDefaultMetrics;
    // The event-loop lag histogram samples once a second, not every 10 ms as prom-client would: each
    // sample is a timer that wakes an idle runtime, and on a small VM 10 of them a second cost 1-3 ms
    // of CPU per second (issue #15: idle at most 2 ms/s). A loop blocked for a second or more shows in
    // the next sample; shorter stalls show in about their share of the samples.
    collectDefaultMetrics({ register: this.registry, prefix, eventLoopMonitoringPrecision: EVENT_LOOP_SAMPLE_MS });
  }

  /** The Prometheus text exposition of every metric. */
  metrics(): Promise<string> {
    this.startProcessMetrics();
    return this.registry.metrics();
  }

  /** The content type of {@link metrics}' text. */
  get contentType(): string {
    return this.registry.contentType;
  }

  private observe(type: string, seconds: number): void {
    if (Number.isFinite(seconds) && seconds >= 0) this.executionSeconds.observe({ type }, seconds);
  }
}
