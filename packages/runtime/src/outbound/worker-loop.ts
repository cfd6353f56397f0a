import type { ActivatedJob } from '../engine/index.js';
import type { WorkerContext } from './worker-context.js';
import type { JobStreamChannel } from './worker-stream.js';

/** Longest pause after failed activation rounds (ms). */
export const MAX_BACKOFF_MS = 15_000;

/** The activation call on its way: `expectMs` is how long the gateway may legitimately hold it. */
export interface PendingPoll {
  generation: number;
  startedAt: number;
  expectMs: number;
  done: Promise<unknown>;
}

/**
 * The activation loop of a worker: asks the engine for as many jobs as there are free slots. It is
 * the main channel when polling (long polling, then a pause after an empty round), and the safety
 * net while a stream is the main channel (an immediate answer every `streamPollIntervalMs`, at once
 * again after a round that found jobs). Failed rounds back off exponentially. Each run of the loop
 * has a generation: a new one (restart, stop) ends the old one.
 */
export class ActivationLoop {
  /** The loop waits for a free slot: a finished job should wake it (else a finished job need not). */
  waitingForSlot = false;
  generation = 0;
  /** When the loop last went round (epoch ms): the watchdog notices a loop that stopped. */
  tickAt = 0;
  poll: PendingPoll | undefined;

  constructor(
    private readonly w: WorkerContext,
    private readonly stream: Pick<JobStreamChannel, 'isMain' | 'suspect'>,
    private readonly longPollMs: number,
  ) {}

  start(): void {
    const generation = ++this.generation;
    this.tickAt = Date.now();
    void this.run(generation).catch((e: unknown) => {
      // Never expected: the loop catches its own errors. The watchdog restarts a dead loop.
      this.w.log.error({ reason: e instanceof Error ? e.message : String(e) }, 'poll loop ended unexpectedly');
    });
  }

  /** Ends the running loop (at its next turn). */
  stop(): void {
    this.generation++;
  }

  /** The watchdog found the loop stalled: a new loop takes over. */
  restart(reason: string): void {
    this.w.state.restarts++;
    this.w.log.error({ reason, restarts: this.w.state.restarts }, 'worker stalled: the watchdog starts a new poll loop');
    // The old call, should it ever answer, still delivers its jobs (they are locked to this worker).
    this.poll = undefined;
    this.start();
  }

  private live(generation: number): boolean {
    return this.w.state.running && generation === this.generation;
  }

  private async run(generation: number): Promise<void> {
    const { w } = this;
    while (this.live(generation)) {
      this.tickAt = Date.now();
      const free = w.jobs.free;
      if (free === 0) {
        this.waitingForSlot = true;
        try {
          await w.capacity.wait(1000);
        } finally {
          this.waitingForSlot = false;
        }
        continue;
      }
      const streaming = this.stream.isMain();
      if (streaming && Date.now() < w.state.nextSafetyPollAt) {
        // Until the poll is due: whatever moves it earlier (a stream that opens or resumes, the engine
        // back) wakes this wait. No shorter cap: an idle worker does not wake up every second.
        await w.capacity.wait(w.state.nextSafetyPollAt - Date.now());
        continue;
      }
      const jobs = await this.activate(generation, free, streaming);
      if (!jobs) {
        await w.stopping.wait(Math.min(MAX_BACKOFF_MS, 500 * 2 ** Math.min(w.state.consecutiveErrors, 10)));
        continue;
      }
      for (const job of jobs) w.jobs.accept(job, 'poll');
      // While streaming, a poll that found jobs is followed at once by another (a backlog, e.g.
      // jobs the engine left aside while the stream was paused); an empty one waits the interval.
      if (streaming) w.state.nextSafetyPollAt = jobs.length > 0 ? 0 : Date.now() + w.o.streamPollIntervalMs;
      this.stream.suspect(jobs.length, streaming);
      if (jobs.length === 0 && this.live(generation) && !streaming) await w.capacity.wait(w.o.pollIntervalMs);
    }
  }

  /** One activation round; undefined when it failed (recorded and logged). */
  private async activate(generation: number, free: number, streaming: boolean): Promise<ActivatedJob[] | undefined> {
    const { w } = this;
    // While a stream is the main channel the safety-net poll must not wait: it answers at once.
    const requestTimeoutMs = streaming ? -1 : this.longPollMs;
    const call = w.o.engine.activateJobs({
      type: w.type,
      worker: w.o.workerName,
      maxJobsToActivate: free,
      timeoutMs: w.o.jobTimeoutMs,
      requestTimeoutMs,
      fetchVariables: w.fetchVariables,
    });
    this.poll = { generation, startedAt: Date.now(), expectMs: Math.max(0, requestTimeoutMs), done: call.catch(() => undefined) };
    try {
      const jobs = await call;
      if (w.state.consecutiveErrors > 0) w.log.info({ afterErrors: w.state.consecutiveErrors }, 'job activation works again');
      w.state.consecutiveErrors = 0;
      w.state.lastActivityAt = Date.now();
      if (generation === this.generation) w.state.stalledSince = undefined;
      return jobs;
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      w.state.consecutiveErrors++;
      w.state.lastError = { message, at: Date.now() };
      // First failures at warn, then one line in ten, so an outage does not flood the log.
      const level = w.state.consecutiveErrors <= 3 || w.state.consecutiveErrors % 10 === 0 ? 'warn' : 'debug';
      w.log[level]({ consecutiveErrors: w.state.consecutiveErrors, reason: message }, 'job activation failed; retrying with backoff');
      return undefined;
    } finally {
      if (this.poll?.generation === generation) this.poll = undefined;
    }
  }
}
