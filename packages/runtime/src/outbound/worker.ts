import { variableNames, type OutboundConnector, type SecretProvider } from '@connectorkit/sdk';
import type { Logger } from 'pino';
import type { ActivatedJob, EngineClient, JobStream } from '../engine/index.js';
import type { RuntimeMetrics } from '../observability/index.js';
import { JobRunner } from './worker-jobs.js';
import type { StreamState, WorkerMode, WorkerStatus } from './worker-status.js';
import { Wakeup } from './worker-wakeup.js';

export interface OutboundWorkerOptions {
  connector: OutboundConnector;
  /** The job type to serve (the connector's own, or the configured override). */
  type: string;
  engine: EngineClient;
  secrets: SecretProvider;
  logger: Logger;
  metrics: RuntimeMetrics;
  /** Worker name recorded on activated jobs. */
  workerName: string;
  /** Jobs executed at once, streamed and polled together. */
  maxJobsActive: number;
  /** Lock time of an activated job (ms). */
  jobTimeoutMs: number;
  /** `streaming`: a job stream plus a safety-net poll; `polling`: polling only. */
  mode: WorkerMode;
  /** Pause after an empty activation round when polling is the main channel (ms). */
  pollIntervalMs: number;
  /** Interval of the safety-net poll while the stream is open (ms). */
  streamPollIntervalMs: number;
  /** Long-poll time of an activation request when polling is the main channel (ms). Default 10000. */
  longPollMs?: number;
  /** Watchdog check interval (ms). Default 5000. */
  watchdogIntervalMs?: number;
  /** An activation call or loop silent this much longer than expected counts as stalled (ms). Default 15000. */
  stallGraceMs?: number;
  /** A stream younger than this is not suspected when the safety-net poll finds jobs (ms). Default 5000. */
  streamSettleMs?: number;
  /**
   * Whether the engine answers (the runtime's engine probe). A lost stream is reopened only while
   * it does; {@link OutboundWorker.engineRecovered} reopens it when the engine is back. Default: always.
   */
  engineAvailable?: () => boolean;
}

export interface WorkerStopReport {
  type: string;
  /** In-flight jobs finished within the deadline. */
  drained: boolean;
  /** Jobs failed with their retries unchanged so another worker takes them. */
  handedBack: number;
}

/** Delay of the safety-net poll that follows the opening of a job stream. */
const STREAM_REGISTRATION_POLL_MS = 1000;
const MAX_BACKOFF_MS = 15_000;
/** Restarts of an unobservable stream for missed jobs, without it ever delivering one, before giving streaming up. */
const MISSES_BEFORE_POLLING_ONLY = 3;
/** On shutdown: a paused stream is read until it has been quiet this long (ms)... */
const DRAIN_QUIET_MS = 100;
/** ...but no longer than this (ms). */
const DRAIN_MAX_MS = 500;
/** On shutdown: time the engine gets to drop a cancelled stream before jobs are handed back (ms). */
const CANCEL_SETTLE_MS = 250;

/**
 * The worker of one outbound connector: activates its jobs (a job stream where the engine offers
 * it, with a capacity-aware polling loop as safety net, or polling alone), executes them through
 * a {@link JobRunner}, and watches itself: an activation call that hangs, a poll loop that
 * stopped, a stream that ended or could not open are noticed and restarted, and show in
 * {@link status}.
 *
 * Back pressure: when more jobs wait than `maxJobsActive`, the stream is paused by gRPC flow
 * control (not closed: a job pushed into a closing stream would stay locked until its timeout),
 * so the engine leaves further jobs to other workers or to the poll, which asks only for free slots.
 */
export class OutboundWorker {
  readonly type: string;
  private readonly jobs: JobRunner;
  private readonly log: Logger;
  private readonly fetchVariables: readonly string[];
  private readonly longPollMs: number;
  private readonly watchdogIntervalMs: number;
  private readonly stallGraceMs: number;
  private readonly streamSettleMs: number;
  /** Woken when capacity changes or on stop. */
  private readonly capacity = new Wakeup();
  /** Woken on stop only (error backoff). */
  private readonly stopping = new Wakeup();

  private running = false;
  private loopGeneration = 0;
  private loopTickAt = 0;
  /** The activation call on its way: `expectMs` is how long the gateway may legitimately hold it. */
  private poll: { generation: number; startedAt: number; expectMs: number; done: Promise<unknown> } | undefined;
  private consecutiveErrors = 0;
  private lastError: { message: string; at: number } | undefined;
  private lastActivityAt: number | undefined;
  private restarts = 0;
  private stalledSince: number | undefined;
  private watchdog: NodeJS.Timeout | undefined;

  private mode: WorkerMode;
  private streamState: StreamState;
  private stream: JobStream | undefined;
  private streamOpenedAt = 0;
  private streamAttemptAt = 0;
  private streamFailures = 0;
  /** Jobs the stream delivered, and restarts for jobs it missed since it last delivered one. */
  private streamDelivered = 0;
  private missedRestarts = 0;
  private nextSafetyPollAt = 0;
  private warnedUnpausable = false;

  constructor(private readonly o: OutboundWorkerOptions) {
    this.type = o.type;
    this.log = o.logger.child({ jobType: o.type, connectorId: o.connector.id });
    this.fetchVariables = variableNames(o.connector.properties);
    this.longPollMs = o.longPollMs ?? 10_000;
    this.watchdogIntervalMs = o.watchdogIntervalMs ?? 5000;
    this.stallGraceMs = o.stallGraceMs ?? 15_000;
    this.streamSettleMs = o.streamSettleMs ?? 5000;
    this.mode = o.mode;
    this.streamState = o.mode === 'streaming' ? 'opening' : 'off';
    this.jobs = new JobRunner({
      connector: o.connector,
      type: o.type,
      engine: o.engine,
      secrets: o.secrets,
      logger: o.logger,
      metrics: o.metrics,
      maxJobsActive: o.maxJobsActive,
      onCapacity: () => this.onCapacity(),
    });
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.log.info({ mode: this.mode, maxJobsActive: this.o.maxJobsActive, fetchVariables: this.fetchVariables }, 'worker started');
    if (this.mode === 'streaming') void this.openStream();
    this.startLoop();
    this.watchdog = setInterval(() => this.check(), this.watchdogIntervalMs);
    this.watchdog.unref();
  }

  status(): WorkerStatus {
    const lastActivity = Math.max(this.lastActivityAt ?? 0, this.jobs.lastJobAt ?? 0);
    return {
      connectorId: this.o.connector.id,
      type: this.type,
      mode: this.mode,
      stream: this.streamState,
      running: this.running,
      inFlight: this.jobs.inFlight,
      queued: this.jobs.queued,
      maxJobsActive: this.o.maxJobsActive,
      ...(lastActivity > 0 ? { lastActivityAt: lastActivity } : {}),
      consecutiveErrors: this.consecutiveErrors,
      ...(this.lastError ? { lastError: this.lastError } : {}),
      restarts: this.restarts,
      ...(this.stalledSince !== undefined ? { stalledSince: this.stalledSince } : {}),
    };
  }

  /**
   * The engine answered again after being unreachable. A stream whose end the client can see
   * reports it itself; one it cannot see may be dead and is reopened.
   */
  engineRecovered(): void {
    if (!this.running) return;
    if (this.streamState === 'failed' || (this.streamState === 'open' && this.stream && !this.stream.observed)) {
      this.restartStream('engine connection recovered');
    }
    // Poll at once rather than after the error backoff or the safety-net interval.
    this.nextSafetyPollAt = 0;
    this.stopping.notify();
  }

  /**
   * Stops activating and hands back what it cannot finish: jobs that arrive from now on wait;
   * a paused stream is read empty, then the stream is cancelled and the engine gets a moment to
   * drop it (so handed-back jobs are not pushed into it); queued jobs are handed back; in-flight
   * jobs finish until shortly before `untilAt` (epoch ms), and the rest are handed back (failed
   * with their retries unchanged) so another worker takes them at once.
   */
  async stop(untilAt: number): Promise<WorkerStopReport> {
    this.running = false;
    this.loopGeneration++;
    clearInterval(this.watchdog);
    this.jobs.hold();
    this.capacity.notify();
    this.stopping.notify();
    const stream = this.stream;
    if (stream) {
      if (this.streamState === 'paused') {
        const resumedAt = Date.now();
        stream.resume();
        const drainUntil = Math.min(untilAt, resumedAt + DRAIN_MAX_MS);
        const quietFor = () => Date.now() - Math.max(resumedAt, this.jobs.lastJobAt ?? 0);
        while (Date.now() < drainUntil && quietFor() < DRAIN_QUIET_MS) await sleep(DRAIN_QUIET_MS / 4);
      }
      this.closeStream();
      await sleep(Math.min(CANCEL_SETTLE_MS, Math.max(0, (untilAt - Date.now()) / 10)));
    }
    this.streamState = this.mode === 'streaming' ? 'paused' : 'off';
    // An activation call on its way still delivers jobs: they join the queue.
    if (this.poll) await Promise.race([this.poll.done, sleep(untilAt - Date.now())]);
    await this.jobs.handBackQueued();
    const reserve = Math.min(2000, Math.max(0, (untilAt - Date.now()) / 4));
    const drained = await this.jobs.drain(untilAt - reserve);
    if (!drained) await this.jobs.handBackInFlight(untilAt);
    await this.jobs.settled(untilAt);
    const handedBack = this.jobs.handedBack;
    this.log.info({ drained, handedBack }, 'worker stopped');
    return { type: this.type, drained, handedBack };
  }

  // ---- polling ---------------------------------------------------------------------------

  private startLoop(): void {
    const generation = ++this.loopGeneration;
    this.loopTickAt = Date.now();
    void this.pollLoop(generation).catch((e: unknown) => {
      // Never expected: the loop catches its own errors. The watchdog restarts a dead loop.
      this.log.error({ reason: e instanceof Error ? e.message : String(e) }, 'poll loop ended unexpectedly');
    });
  }

  private live(generation: number): boolean {
    return this.running && generation === this.loopGeneration;
  }

  /** Whether a stream is (or is about to be) the main channel, so polling is only the safety net. */
  private streaming(): boolean {
    return this.streamState === 'open' || this.streamState === 'opening' || this.streamState === 'paused';
  }

  private async pollLoop(generation: number): Promise<void> {
    while (this.live(generation)) {
      this.loopTickAt = Date.now();
      const free = this.jobs.free;
      if (free === 0) {
        await this.capacity.wait(1000);
        continue;
      }
      const streaming = this.streaming();
      if (streaming && Date.now() < this.nextSafetyPollAt) {
        await this.capacity.wait(Math.min(1000, this.nextSafetyPollAt - Date.now()));
        continue;
      }
      const jobs = await this.activate(generation, free, streaming);
      if (!jobs) {
        await this.stopping.wait(Math.min(MAX_BACKOFF_MS, 500 * 2 ** Math.min(this.consecutiveErrors, 10)));
        continue;
      }
      for (const job of jobs) this.jobs.accept(job, 'poll');
      // While streaming, a poll that found jobs is followed at once by another (a backlog, e.g.
      // jobs the engine left aside while the stream was paused); an empty one waits the interval.
      if (streaming) this.nextSafetyPollAt = jobs.length > 0 ? 0 : Date.now() + this.o.streamPollIntervalMs;
      this.suspectStream(jobs.length, streaming);
      if (jobs.length === 0 && this.live(generation) && !streaming) await this.capacity.wait(this.o.pollIntervalMs);
    }
  }

  /** One activation round; undefined when it failed (recorded and logged). */
  private async activate(generation: number, free: number, streaming: boolean): Promise<ActivatedJob[] | undefined> {
    // While a stream is the main channel the safety-net poll must not wait: it answers at once.
    const requestTimeoutMs = streaming ? -1 : this.longPollMs;
    const call = this.o.engine.activateJobs({
      type: this.type,
      worker: this.o.workerName,
      maxJobsToActivate: free,
      timeoutMs: this.o.jobTimeoutMs,
      requestTimeoutMs,
      fetchVariables: this.fetchVariables,
    });
    this.poll = { generation, startedAt: Date.now(), expectMs: Math.max(0, requestTimeoutMs), done: call.catch(() => undefined) };
    try {
      const jobs = await call;
      if (this.consecutiveErrors > 0) this.log.info({ afterErrors: this.consecutiveErrors }, 'job activation works again');
      this.consecutiveErrors = 0;
      this.lastActivityAt = Date.now();
      if (generation === this.loopGeneration) this.stalledSince = undefined;
      return jobs;
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      this.consecutiveErrors++;
      this.lastError = { message, at: Date.now() };
      // First failures at warn, then one line in ten, so an outage does not flood the log.
      const level = this.consecutiveErrors <= 3 || this.consecutiveErrors % 10 === 0 ? 'warn' : 'debug';
      this.log[level]({ consecutiveErrors: this.consecutiveErrors, reason: message }, 'job activation failed; retrying with backoff');
      return undefined;
    } finally {
      if (this.poll?.generation === generation) this.poll = undefined;
    }
  }

  /**
   * A stream the client cannot observe may have died silently: when the safety-net poll finds
   * jobs although the stream is open and not paused, it is reopened; if it never delivered a
   * job after a few such reopenings, streaming is given up.
   */
  private suspectStream(found: number, wasStreaming: boolean): void {
    const s = this.stream;
    if (!wasStreaming || !this.running || found === 0 || this.streamState !== 'open' || !s || s.observed) return;
    if (Date.now() - this.streamOpenedAt <= this.streamSettleMs) return;
    if (this.streamDelivered === 0 && ++this.missedRestarts >= MISSES_BEFORE_POLLING_ONLY) {
      this.pollingOnly(`the job stream delivered no job while the safety-net poll found some ${this.missedRestarts} times`);
    } else {
      this.restartStream(`the safety-net poll found ${found} job(s) the stream did not deliver`);
    }
  }

  // ---- streaming -------------------------------------------------------------------------

  private async openStream(): Promise<void> {
    if (!this.running) return;
    this.streamState = 'opening';
    this.streamAttemptAt = Date.now();
    try {
      const stream = await this.o.engine.openJobStream(
        {
          type: this.type,
          worker: this.o.workerName,
          timeoutMs: this.o.jobTimeoutMs,
          fetchVariables: this.fetchVariables,
          backfillMaxJobs: Math.max(1, this.jobs.free),
        },
        (job) => this.onStreamJob(job),
      );
      if (!this.running || this.streamState !== 'opening') {
        stream.close();
        return;
      }
      this.stream = stream;
      this.streamState = 'open';
      this.streamOpenedAt = Date.now();
      // Opening includes an activation round (jobs created before the stream): the channel works.
      this.consecutiveErrors = 0;
      this.lastActivityAt = Date.now();
      // The engine registers a new stream a moment after it answers: a job created in that gap
      // is neither in the backfill nor pushed. One early safety-net poll catches it.
      this.nextSafetyPollAt = Date.now() + Math.min(STREAM_REGISTRATION_POLL_MS, this.o.streamPollIntervalMs);
      stream.onEnd((reason) => this.onStreamEnded(stream, reason));
      this.log.debug({ observed: stream.observed }, 'job stream open');
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      this.streamFailed(`could not be opened: ${message}`);
    }
  }

  private onStreamJob(job: ActivatedJob): void {
    this.lastActivityAt = Date.now();
    this.streamDelivered++;
    this.missedRestarts = 0;
    this.streamFailures = 0;
    this.jobs.accept(job, 'stream');
    if (this.running && this.streamState === 'open' && this.jobs.queued >= this.o.maxJobsActive) this.pauseStream();
  }

  /** Saturated: stop reading the stream, so the engine leaves further jobs to others (or to the poll). */
  private pauseStream(): void {
    if (this.stream?.pause()) {
      this.streamState = 'paused';
      this.log.debug({ inFlight: this.jobs.inFlight, queued: this.jobs.queued }, 'worker saturated: job stream paused');
    } else if (!this.warnedUnpausable) {
      this.warnedUnpausable = true;
      this.log.warn('worker saturated and the job stream cannot be paused: pushed jobs wait in memory');
    }
  }

  /** A slot freed up: start the poll loop's next round, and resume a paused stream once the backlog is small. */
  private onCapacity(): void {
    this.capacity.notify();
    if (this.running && this.streamState === 'paused' && this.stream && this.jobs.queued === 0 && this.jobs.inFlight <= this.o.maxJobsActive / 2) {
      this.streamState = 'open';
      this.stream.resume();
      this.nextSafetyPollAt = 0; // pick up what the engine left aside meanwhile
      this.log.debug('job stream resumed');
    }
  }

  private onStreamEnded(stream: JobStream, reason: string): void {
    if (!this.running || this.stream !== stream) return;
    this.stream = undefined;
    if (/UNIMPLEMENTED/.test(reason)) {
      this.pollingOnly(`the engine does not implement job streaming (${reason})`);
      return;
    }
    this.streamFailed(`ended: ${reason}`);
  }

  /** Records a stream failure; it is reopened after a backoff that grows while it keeps failing. */
  private streamFailed(what: string): void {
    this.streamFailures++;
    this.streamState = 'failed';
    this.streamAttemptAt = Date.now();
    this.lastError = { message: `job stream ${what}`, at: Date.now() };
    const backoff = this.streamBackoffMs();
    this.log.warn({ reason: what, failures: this.streamFailures, retryInMs: backoff }, 'job stream lost; polling carries on until it is reopened');
    this.capacity.notify(); // polling is the main channel meanwhile
    const t = setTimeout(() => this.retryStream(), backoff);
    t.unref();
  }

  /** Reopens a failed stream, unless the engine is known to be down (then its recovery reopens it). */
  private retryStream(): void {
    if (this.running && this.streamState === 'failed' && (this.o.engineAvailable?.() ?? true)) void this.openStream();
  }

  private streamBackoffMs(): number {
    return Math.min(60_000, 500 * 2 ** Math.min(this.streamFailures, 7));
  }

  private closeStream(): void {
    const stream = this.stream;
    this.stream = undefined;
    try {
      stream?.close();
    } catch {
      // already closed
    }
  }

  private restartStream(reason: string): void {
    this.restarts++;
    this.log.warn({ reason }, 'restarting the job stream');
    this.closeStream();
    void this.openStream();
  }

  /** Streaming does not work against this engine: say so once, and poll at the normal interval. */
  private pollingOnly(reason: string): void {
    this.closeStream();
    this.mode = 'polling';
    this.streamState = 'off';
    this.log.warn({ reason }, 'job streaming does not work against this engine; polling only from now on');
    this.capacity.notify();
  }

  // ---- watchdog --------------------------------------------------------------------------

  private check(): void {
    if (!this.running) return;
    const now = Date.now();
    if (this.poll && now - this.poll.startedAt > this.poll.expectMs + this.stallGraceMs) {
      this.stalledSince ??= this.poll.startedAt;
      this.restartLoop(`an activation call has not returned for ${Math.round((now - this.poll.startedAt) / 1000)} s`);
    } else if (!this.poll && now - this.loopTickAt > Math.max(this.o.pollIntervalMs, 1000) + MAX_BACKOFF_MS + this.stallGraceMs) {
      this.stalledSince ??= this.loopTickAt;
      this.restartLoop(`the poll loop has not run for ${Math.round((now - this.loopTickAt) / 1000)} s`);
    }
    if (this.mode === 'streaming' && this.streamState === 'failed' && now - this.streamAttemptAt >= this.streamBackoffMs() + this.watchdogIntervalMs) {
      this.retryStream(); // the scheduled reopen did not happen
    }
  }

  private restartLoop(reason: string): void {
    this.restarts++;
    this.log.error({ reason, restarts: this.restarts }, 'worker stalled: the watchdog starts a new poll loop');
    // The old call, should it ever answer, still delivers its jobs (they are locked to this worker).
    this.poll = undefined;
    this.startLoop();
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, Math.max(0, ms));
    t.unref();
  });
}
