import type { ActivatedJob, JobStream } from '../engine/index.js';
import type { WorkerContext } from './worker-context.js';
import type { StreamState } from './worker-status.js';

/** Delay of the safety-net poll that follows the opening of a job stream. */
const STREAM_REGISTRATION_POLL_MS = 1000;
/** A pause at least this long is followed by a poll when the stream resumes (ms). */
const RESUME_POLL_AFTER_MS = 1000;
/** Restarts of an unobservable stream for missed jobs, without it ever delivering one, before giving streaming up. */
const MISSES_BEFORE_POLLING_ONLY = 3;

/**
 * The job stream of a worker: opens it, feeds pushed jobs to the job runner, pauses it under back
 * pressure (gRPC flow control, not closing: a job pushed into a closing stream would stay locked
 * until its timeout) and resumes it, reopens it with a growing backoff when it ends or cannot
 * open, suspects it when the safety-net poll finds jobs it did not deliver, and gives streaming
 * up for polling when the engine does not implement it.
 */
export class JobStreamChannel {
  state: StreamState;
  /** When the last open attempt (or failure) happened: the watchdog retries a reopen that did not happen. */
  attemptAt = 0;
  private stream: JobStream | undefined;
  private openedAt = 0;
  private failures = 0;
  /** Jobs the stream delivered, and restarts for jobs it missed since it last delivered one. */
  private delivered = 0;
  private missedRestarts = 0;
  private warnedUnpausable = false;
  private pausedAt = 0;

  constructor(
    private readonly w: WorkerContext,
    private readonly settleMs: number,
  ) {
    this.state = w.state.mode === 'streaming' ? 'opening' : 'off';
  }

  /** The open stream, if any. */
  get current(): JobStream | undefined {
    return this.stream;
  }

  /** Whether a stream is (or is about to be) the main channel, so polling is only the safety net. */
  isMain(): boolean {
    return this.state === 'open' || this.state === 'opening' || this.state === 'paused';
  }

  async open(): Promise<void> {
    const { w } = this;
    if (!w.state.running) return;
    this.state = 'opening';
    this.attemptAt = Date.now();
    try {
      const stream = await w.o.engine.openJobStream(
        {
          type: w.type,
          worker: w.o.workerName,
          timeoutMs: w.o.jobTimeoutMs,
          fetchVariables: w.fetchVariables,
          backfillMaxJobs: Math.max(1, w.jobs.free),
        },
        (job) => this.onJob(job),
      );
      if (!w.state.running || this.state !== 'opening') {
        stream.close();
        return;
      }
      this.stream = stream;
      this.state = 'open';
      this.openedAt = Date.now();
      // Opening includes an activation round (jobs created before the stream): the channel works.
      w.state.consecutiveErrors = 0;
      w.state.lastActivityAt = Date.now();
      // The engine registers a new stream a moment after it answers: a job created in that gap
      // is neither in the backfill nor pushed. One early safety-net poll catches it.
      w.state.nextSafetyPollAt = Date.now() + Math.min(STREAM_REGISTRATION_POLL_MS, w.o.streamPollIntervalMs);
      w.capacity.notify(); // the loop may be waiting for a later poll
      stream.onEnd((reason) => this.onEnded(stream, reason));
      w.log.debug({ observed: stream.observed }, 'job stream open');
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      this.failed(`could not be opened: ${message}`);
    }
  }

  private onJob(job: ActivatedJob): void {
    const { w } = this;
    w.state.lastActivityAt = Date.now();
    this.delivered++;
    this.missedRestarts = 0;
    this.failures = 0;
    w.jobs.accept(job, 'stream');
    if (w.state.running && this.state === 'open' && w.jobs.queued >= w.o.maxJobsActive) this.pause();
  }

  /** Saturated: stop reading the stream, so the engine leaves further jobs to others (or to the poll). */
  private pause(): void {
    if (this.stream?.pause()) {
      this.state = 'paused';
      this.pausedAt = Date.now();
      this.w.log.debug({ inFlight: this.w.jobs.inFlight, queued: this.w.jobs.queued }, 'worker saturated: job stream paused');
    } else if (!this.warnedUnpausable) {
      this.warnedUnpausable = true;
      this.w.log.warn('worker saturated and the job stream cannot be paused: pushed jobs wait in memory');
    }
  }

  /**
   * A slot freed up: resume a paused stream once the backlog has halved. Not later: the jobs the
   * engine pushes meanwhile wait in the socket, and a runner that drains its queue before it reads
   * them again leaves slots idle (at 64 instances in flight and 32 slots, waiting for an empty
   * queue and 16 running cost a fifth of the throughput).
   */
  onCapacity(): void {
    const { w } = this;
    if (w.state.running && this.state === 'paused' && this.stream && w.jobs.queued <= w.o.maxJobsActive / 2) {
      this.state = 'open';
      this.stream.resume();
      // A long pause may have made the engine leave jobs aside (pushes it could not deliver go back
      // to the engine, for polling): pick them up now. A short one is absorbed by the connection's
      // buffers; polling after each would add an activation call per pause under steady load.
      if (Date.now() - this.pausedAt >= RESUME_POLL_AFTER_MS) {
        w.state.nextSafetyPollAt = 0;
        w.capacity.notify();
      }
      w.log.debug('job stream resumed');
    }
  }

  /**
   * The engine answered again after being unreachable. A stream whose end the client can see
   * reports it itself; one it cannot see may be dead and is reopened.
   */
  engineRecovered(): void {
    if (this.state === 'failed' || (this.state === 'open' && this.stream && !this.stream.observed)) {
      this.restart('engine connection recovered');
    }
  }

  private onEnded(stream: JobStream, reason: string): void {
    if (!this.w.state.running || this.stream !== stream) return;
    this.stream = undefined;
    if (/UNIMPLEMENTED/.test(reason)) {
      this.pollingOnly(`the engine does not implement job streaming (${reason})`);
      return;
    }
    this.failed(`ended: ${reason}`);
  }

  /** Records a stream failure; it is reopened after a backoff that grows while it keeps failing. */
  private failed(what: string): void {
    const { w } = this;
    this.failures++;
    this.state = 'failed';
    this.attemptAt = Date.now();
    w.state.lastError = { message: `job stream ${what}`, at: Date.now() };
    const backoff = this.backoffMs();
    w.log.warn({ reason: what, failures: this.failures, retryInMs: backoff }, 'job stream lost; polling carries on until it is reopened');
    w.capacity.notify(); // polling is the main channel meanwhile
    const t = setTimeout(() => this.retry(), backoff);
    t.unref();
  }

  /** Reopens a failed stream, unless the engine is known to be down (then its recovery reopens it). */
  retry(): void {
    if (this.w.state.running && this.state === 'failed' && (this.w.o.engineAvailable?.() ?? true)) void this.open();
  }

  backoffMs(): number {
    return Math.min(60_000, 500 * 2 ** Math.min(this.failures, 7));
  }

  close(): void {
    const stream = this.stream;
    this.stream = undefined;
    try {
      stream?.close();
    } catch {
      // already closed
    }
  }

  private restart(reason: string): void {
    this.w.state.restarts++;
    this.w.log.warn({ reason }, 'restarting the job stream');
    this.close();
    void this.open();
  }

  /** Streaming does not work against this engine: say so once, and poll at the normal interval. */
  private pollingOnly(reason: string): void {
    this.close();
    this.w.state.mode = 'polling';
    this.state = 'off';
    this.w.log.warn({ reason }, 'job streaming does not work against this engine; polling only from now on');
    this.w.capacity.notify();
  }

  /**
   * A stream the client cannot observe may have died silently: when the safety-net poll finds
   * jobs although the stream is open and not paused, it is reopened; if it never delivered a
   * job after a few such reopenings, streaming is given up.
   */
  suspect(found: number, wasStreaming: boolean): void {
    const s = this.stream;
    if (!wasStreaming || !this.w.state.running || found === 0 || this.state !== 'open' || !s || s.observed) return;
    if (Date.now() - this.openedAt <= this.settleMs) return;
    if (this.delivered === 0 && ++this.missedRestarts >= MISSES_BEFORE_POLLING_ONLY) {
      this.pollingOnly(`the job stream delivered no job while the safety-net poll found some ${this.missedRestarts} times`);
    } else {
      this.restart(`the safety-net poll found ${found} job(s) the stream did not deliver`);
    }
  }
}
