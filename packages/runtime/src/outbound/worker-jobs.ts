import type { OutboundConnector, SecretProvider } from '@connectorkit/sdk';
import type { Logger } from 'pino';
import { HEADER, readOutboundHeaders } from '@connectorkit/sdk';
import { errorText } from '../engine/errors.js';
import { EngineError, type ActivatedJob, type EngineClient, type UnreadableVariable } from '../engine/index.js';
import { jobLogger, type JobLogger, type RuntimeMetrics } from '../observability/index.js';
import { executeJob } from './execute.js';
import { truncateMessage, type KindedOutcome } from './outcome.js';

export type JobSource = 'stream' | 'poll';

export interface JobRunnerOptions {
  connector: OutboundConnector;
  /** The job type served (after overrides). */
  type: string;
  engine: Pick<EngineClient, 'completeJob' | 'failJob' | 'throwError' | 'updateJobTimeout'>;
  secrets: SecretProvider;
  logger: Logger;
  metrics: RuntimeMetrics;
  maxJobsActive: number;
  /** The job timeout the worker asks for (ms), named in the message of a job stopped by it. Default: deadline minus activation. */
  jobTimeoutMs?: number;
  /** Called when a slot frees up or the queue changes. */
  onCapacity: () => void;
  /**
   * How long past a job's deadline a connector that ignores its abort signal is waited for
   * before its slot is given up (the engine has taken the job back by then). Default 5000 ms.
   */
  abandonGraceMs?: number;
}

/** Message of the failure that hands a job back, with its retries unchanged, on shutdown. */
export const HAND_BACK_MESSAGE = 'The connector runtime is shutting down; the job was handed back (retries unchanged) for another worker';

interface Entry {
  job: ActivatedJob;
  source: JobSource;
  activatedAt: number;
  controller: AbortController;
  /** Handed back on shutdown: a late outcome is dropped. */
  handedBack: boolean;
  /** The outcome is being sent to the engine: too late to hand the job back. */
  acknowledging: boolean;
  /** The job's deadline passed while the connector ran: its signal fired for that reason. */
  timedOut?: boolean;
  done?: Promise<void>;
}

const ABANDONED = Symbol('abandoned');

/**
 * Executes the jobs of one connector with at most `maxJobsActive` at a time; more wait in a FIFO
 * queue. Every job ends acknowledged: completed, failed or BPMN error from its outcome, or handed
 * back (failed with its retries unchanged) on shutdown.
 *
 * A slot is held while the connector runs. Once its outcome is decided the slot goes to the next
 * job while the outcome travels to the engine (a completion takes a round trip of its own, tens of
 * milliseconds on a busy engine, during which the slot would otherwise sit idle); up to another
 * `maxJobsActive` outcomes may be on their way, beyond that they hold slots again.
 */
/**
 * `running`: jobs execute; `holding`: jobs arriving are queued and nothing new starts (shutdown,
 * while the stream is wound down); `closed`: jobs arriving are handed back at once.
 */
export type RunnerState = 'running' | 'holding' | 'closed';

export class JobRunner {
  /** Jobs whose connector runs. */
  private readonly running = new Map<string, Entry>();
  /** Jobs whose outcome is on its way to the engine. */
  private readonly acking = new Map<string, Entry>();
  private readonly queue: Entry[] = [];
  private state: RunnerState = 'running';
  /** Hand-backs on their way (awaited by {@link settled}). */
  private readonly pending = new Set<Promise<void>>();
  /** Jobs handed back so far. */
  handedBack = 0;
  private readonly abandonGraceMs: number;
  /** Epoch ms of the last job received or finished. */
  lastJobAt: number | undefined;

  constructor(private readonly o: JobRunnerOptions) {
    this.abandonGraceMs = o.abandonGraceMs ?? 5000;
  }

  /** Jobs activated and not yet acknowledged: executing, or their outcome on its way. */
  get inFlight(): number {
    return this.running.size + this.acking.size;
  }

  /** Outcomes on their way beyond the `maxJobsActive` that travel without holding a slot. */
  private ackOverflow(): number {
    return Math.max(0, this.acking.size - this.o.maxJobsActive);
  }

  private hasSlot(): boolean {
    return this.running.size + this.ackOverflow() < this.o.maxJobsActive;
  }

  get queued(): number {
    return this.queue.length;
  }

  /** Slots neither executing nor promised to a queued job. */
  get free(): number {
    return Math.max(0, this.o.maxJobsActive - this.running.size - this.ackOverflow() - this.queue.length);
  }

  /** Takes a job the engine activated for this worker: starts it, queues it, or (closed) hands it back. */
  accept(job: ActivatedJob, source: JobSource): void {
    this.lastJobAt = Date.now();
    this.o.metrics.jobActivated(this.o.type);
    const entry: Entry = { job, source, activatedAt: Date.now(), controller: new AbortController(), handedBack: false, acknowledging: false };
    if (this.state === 'closed') {
      this.track(this.handBack(entry));
      return;
    }
    this.o.logger.debug({ jobKey: job.info.key, jobType: job.info.type, processInstanceKey: job.info.processInstanceKey, source }, 'job activated');
    if (this.state === 'running' && this.hasSlot()) this.start(entry);
    else this.queue.push(entry);
  }

  /** Starts nothing new: arriving jobs wait in the queue (to be handed back together). */
  hold(): void {
    if (this.state === 'running') this.state = 'holding';
  }

  /** Hands every queued (not started) job back; from now on arriving jobs are handed back at once. */
  async handBackQueued(): Promise<number> {
    this.state = 'closed';
    const entries = this.queue.splice(0);
    await Promise.all(entries.map((e) => this.handBack(e)));
    this.o.onCapacity();
    return entries.length;
  }

  /** Waits for hand-backs still on their way, until `untilAt`. */
  async settled(untilAt: number): Promise<void> {
    while (this.pending.size > 0 && Date.now() < untilAt) {
      await Promise.race([Promise.all([...this.pending]), delay(untilAt - Date.now())]);
    }
  }

  private track(p: Promise<void>): void {
    this.pending.add(p);
    void p.finally(() => this.pending.delete(p));
  }

  /** Resolves true when nothing is in flight, or false at `untilAt` (epoch ms). */
  async drain(untilAt: number): Promise<boolean> {
    while (this.running.size + this.acking.size > 0) {
      const left = untilAt - Date.now();
      if (left <= 0) return false;
      await Promise.race([Promise.race([...this.running.values(), ...this.acking.values()].map((e) => e.done)), delay(left)]);
    }
    return true;
  }

  /**
   * Hands back every job still executing (their connectors are aborted; a late outcome is
   * dropped) and waits for acknowledgements already on their way, until `untilAt`.
   */
  async handBackInFlight(untilAt: number): Promise<number> {
    const entries = [...this.running.values()];
    const back = entries.filter((e) => !e.acknowledging);
    for (const e of back) {
      e.handedBack = true;
      e.controller.abort(new Error('connector runtime shutting down'));
    }
    await Promise.all(back.map((e) => this.handBack(e)));
    await this.drain(untilAt);
    return back.length;
  }

  private start(entry: Entry): void {
    this.running.set(entry.job.info.key, entry);
    this.o.metrics.inFlight(this.o.type, 1);
    entry.done = this.execute(entry)
      .catch((e: unknown) => {
        // Not expected (executeJob never throws, acknowledge catches): keep the worker alive.
        this.o.logger.error({ jobKey: entry.job.info.key, reason: e instanceof Error ? e.message : String(e) }, 'job handling failed');
      })
      .finally(() => {
        this.running.delete(entry.job.info.key);
        this.acking.delete(entry.job.info.key);
        this.o.metrics.inFlight(this.o.type, -1);
        this.lastJobAt = Date.now();
        this.startQueued();
        this.o.onCapacity();
      });
  }

  private startQueued(): void {
    while (this.state === 'running' && this.hasSlot() && this.queue.length > 0) {
      const next = this.queue.shift()!;
      if (Date.now() >= next.job.info.deadline) {
        const { info } = next.job;
        this.o.logger.warn(
          { jobKey: info.key, jobType: info.type, processInstanceKey: info.processInstanceKey },
          'job deadline passed while it waited for a free slot; left to the engine, which hands it out again',
        );
        continue;
      }
      this.start(next);
    }
  }

  private async execute(entry: Entry): Promise<void> {
    const log = jobLogger(this.o.logger, entry.job.info);
    const ownTimeoutMs = await this.applyJobTimeout(entry, log);
    const { info } = entry.job;
    // The connector's signal fires when the job's deadline passes (the engine may hand it to another worker).
    const timeoutText = describeTimeout(ownTimeoutMs ?? this.o.jobTimeoutMs ?? info.deadline - entry.activatedAt);
    const deadlineTimer = setTimeout(() => {
      entry.timedOut = true;
      entry.controller.abort(jobTimeoutError(timeoutText));
    }, Math.max(0, info.deadline - Date.now()));
    deadlineTimer.unref();
    let abandonTimer: NodeJS.Timeout | undefined;
    try {
      const execution = entry.job.unreadable
        ? Promise.resolve(unreadableOutcome(entry.job.unreadable, log))
        : executeJob(
            this.o.connector,
            entry.job,
            { secrets: this.o.secrets, logger: log, signal: entry.controller.signal },
            { timedOut: () => (entry.timedOut ? timeoutText : undefined) },
          );
      const abandoned = new Promise<typeof ABANDONED>((resolve) => {
        abandonTimer = setTimeout(() => resolve(ABANDONED), Math.max(0, info.deadline + this.abandonGraceMs - Date.now()));
        abandonTimer.unref();
      });
      const outcome = await Promise.race([execution, abandoned]);
      if (outcome === ABANDONED) {
        log.error('connector did not return before the job deadline and ignored its abort signal; slot released, the engine hands the job out again');
        return;
      }
      if (entry.handedBack) {
        log.info({ action: outcome.action }, 'outcome dropped: the job was handed back during shutdown');
        return;
      }
      entry.acknowledging = true;
      // The connector is done: its slot goes to the next job while the outcome travels.
      if (this.running.delete(info.key)) {
        this.acking.set(info.key, entry);
        this.startQueued();
        this.o.onCapacity();
      }
      await this.acknowledge(entry, outcome, log);
    } finally {
      clearTimeout(deadlineTimer);
      clearTimeout(abandonTimer);
    }
  }

  /**
   * The task's `jobTimeout` header, as Camunda's runtime honours it: the engine is told the job's
   * own timeout (from now) and the job's deadline follows. An invalid header is left to the
   * job's execution, which raises it as an incident; an engine that refuses keeps the worker's timeout.
   */
  private async applyJobTimeout(entry: Entry, log: JobLogger): Promise<number | undefined> {
    const raw = entry.job.info.customHeaders[HEADER.jobTimeout];
    if (!raw?.trim() || !this.o.engine.updateJobTimeout) return undefined;
    let timeoutMs: number;
    try {
      timeoutMs = readOutboundHeaders({ [HEADER.jobTimeout]: raw }).jobTimeoutMs!;
    } catch {
      return undefined;
    }
    try {
      const from = Date.now();
      await this.o.engine.updateJobTimeout(entry.job.info.key, timeoutMs);
      entry.job.info = { ...entry.job.info, deadline: from + timeoutMs };
      return timeoutMs;
    } catch (e) {
      log.warn({ jobTimeout: raw, reason: errorText(e) }, "the engine refused the task's jobTimeout; the job keeps the worker's timeout");
      return undefined;
    }
  }

  private async acknowledge(entry: Entry, outcome: KindedOutcome, log: JobLogger): Promise<void> {
    const key = entry.job.info.key;
    const seconds = () => (Date.now() - entry.activatedAt) / 1000;
    try {
      switch (outcome.action) {
        case 'complete':
          try {
            await this.o.engine.completeJob(key, outcome.variables);
          } catch (e) {
            if (!(e instanceof EngineError && e.code === 'ENGINE_REJECTED')) throw e;
            await this.completionRefused(entry, outcome.variables, e, log, seconds);
            return;
          }
          this.o.metrics.jobCompleted(this.o.type, seconds());
          break;
        case 'fail':
          await this.o.engine.failJob({
            jobKey: key,
            errorMessage: outcome.errorMessage,
            retries: outcome.retries,
            retryBackoffMs: outcome.retryBackoffMs,
            ...(outcome.variables ? { variables: outcome.variables } : {}),
          });
          this.o.metrics.jobFailed(this.o.type, seconds());
          break;
        case 'error':
          await this.o.engine.throwError({
            jobKey: key,
            errorCode: outcome.errorCode,
            errorMessage: outcome.errorMessage,
            ...(outcome.variables ? { variables: outcome.variables } : {}),
          });
          this.o.metrics.bpmnError(this.o.type, seconds());
          break;
      }
      log.debug({ action: outcome.action, kind: outcome.kind }, 'job acknowledged');
    } catch (e) {
      this.logAckFailure(log, outcome.action, e);
    }
  }

  /**
   * The engine refused the completion (a result too large for it, variables it cannot take): it
   * will refuse it again, and leaving the job to time out would run the connector again after
   * every timeout, forever. The job fails instead, with no retries (an incident), saying why.
   */
  private async completionRefused(
    entry: Entry,
    variables: Record<string, unknown>,
    e: EngineError,
    log: JobLogger,
    seconds: () => number,
  ): Promise<void> {
    const bytes = jsonBytes(variables);
    const reason = engineReason(e);
    const errorMessage =
      bytes >= LARGE_RESULT_BYTES
        ? `The connector succeeded, but the result is too large for the engine: ${bytes} bytes of variables (the engine refused the completion: ${reason}). Map a smaller part of the response with resultExpression.`
        : `The connector succeeded, but the engine refused the completion: ${reason}`;
    this.o.metrics.commandRejected(this.o.type, 'complete');
    log.error({ action: 'complete', reason, resultBytes: bytes }, 'the engine refused the job completion; the job fails with no retries (incident) instead of running again after its timeout');
    const { key } = entry.job.info;
    try {
      await this.o.engine.failJob({ jobKey: key, errorMessage: truncateMessage(errorMessage), retries: 0, retryBackoffMs: 0 });
      this.o.metrics.jobFailed(this.o.type, seconds());
    } catch (failure) {
      this.logAckFailure(log, 'fail after a refused completion', failure);
    }
  }

  private async handBack(entry: Entry): Promise<void> {
    const { info } = entry.job;
    const log = jobLogger(this.o.logger, info);
    this.handedBack++;
    try {
      await this.o.engine.failJob({ jobKey: info.key, errorMessage: HAND_BACK_MESSAGE, retries: info.retries, retryBackoffMs: 0 });
      log.info({ retries: info.retries }, 'job handed back to the engine (shutdown)');
    } catch (e) {
      this.logAckFailure(log, 'hand back', e);
    }
  }

  private logAckFailure(log: JobLogger, action: string, e: unknown): void {
    const message = engineReason(e);
    if (e instanceof EngineError && e.code === 'JOB_NOT_FOUND') {
      log.warn({ action, reason: message }, 'job no longer held by this worker (timed out, cancelled or taken by another worker); outcome dropped');
    } else if (e instanceof EngineError && e.code === 'ENGINE_REJECTED') {
      this.o.metrics.commandRejected(this.o.type, action);
      log.error({ action, reason: message }, 'the engine refused the job command; the job is retried after its timeout');
    } else {
      log.error({ action, reason: message }, 'could not send the job outcome to the engine; the job is retried after its timeout');
    }
  }
}

/** From this size on, a refused completion is reported as a result too large for the engine. */
const LARGE_RESULT_BYTES = 1024 * 1024;

function jsonBytes(value: unknown): number {
  try {
    return Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8');
  } catch {
    return 0;
  }
}

/** The engine's reason, never empty. */
function engineReason(e: unknown): string {
  const text = errorText(e);
  return text.trim() === '' ? 'no reason given' : text;
}

/** `5 min`, `30 s`, `1500 ms`. */
export function describeTimeout(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return 'unknown';
  if (ms >= 60_000 && ms % 60_000 === 0) return `${ms / 60_000} min`;
  if (ms >= 1000 && ms % 1000 === 0) return `${ms / 1000} s`;
  if (ms >= 10_000) return `${Math.round(ms / 1000)} s`;
  return `${Math.round(ms)} ms`;
}

/** The reason the connector's signal carries when the job timeout runs out. */
function jobTimeoutError(timeout: string): Error {
  const e = new Error(`the job timeout ran out (${timeout})`);
  e.name = 'TimeoutError';
  return e;
}

/** A job with a variable the runtime cannot read exactly: an incident at once, the connector is not called. */
function unreadableOutcome(unreadable: readonly UnreadableVariable[], log: JobLogger): KindedOutcome {
  const listed = unreadable.map((u) => `variable '${u.path}' ${u.rule}`).join('; ');
  const errorMessage = truncateMessage(`The job's variables cannot be read: ${listed}`);
  log.warn({ variables: unreadable.map((u) => u.path) }, `job failed: ${errorMessage}`);
  return { action: 'fail', kind: 'input-error', errorMessage, retries: 0, retryBackoffMs: 0 };
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, Math.max(0, ms));
    t.unref();
  });
}
