import { variableNames } from '@connectorkit/sdk';
import type { WorkerContext, OutboundWorkerOptions } from './worker-context.js';
import { JobRunner } from './worker-jobs.js';
import { ActivationLoop } from './worker-loop.js';
import { shutdownWorker, type WorkerStopReport } from './worker-shutdown.js';
import type { WorkerStatus } from './worker-status.js';
import { JobStreamChannel } from './worker-stream.js';
import { Wakeup } from './worker-wakeup.js';
import { Watchdog } from './worker-watchdog.js';

export type { OutboundWorkerOptions } from './worker-context.js';
export type { WorkerStopReport } from './worker-shutdown.js';

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
 *
 * The parts, each in its module: the job stream ({@link JobStreamChannel}), the activation loop
 * ({@link ActivationLoop}), the {@link Watchdog} and the shutdown ({@link shutdownWorker}); this
 * class composes them around one shared {@link WorkerContext}.
 */
export class OutboundWorker {
  readonly type: string;
  private readonly w: WorkerContext;
  private readonly stream: JobStreamChannel;
  private readonly loop: ActivationLoop;
  private readonly watchdog: Watchdog;

  constructor(private readonly o: OutboundWorkerOptions) {
    this.type = o.type;
    const jobs: JobRunner = new JobRunner({
      connector: o.connector,
      type: o.type,
      engine: o.engine,
      secrets: o.secrets,
      logger: o.logger,
      metrics: o.metrics,
      maxJobsActive: o.maxJobsActive,
      jobTimeoutMs: o.jobTimeoutMs,
      onCapacity: () => this.onCapacity(),
    });
    this.w = {
      o,
      type: o.type,
      log: o.logger.child({ jobType: o.type, connectorId: o.connector.id }),
      jobs,
      fetchVariables: variableNames(o.connector.properties),
      capacity: new Wakeup(),
      stopping: new Wakeup(),
      state: {
        running: false,
        mode: o.mode,
        consecutiveErrors: 0,
        lastError: undefined,
        lastActivityAt: undefined,
        restarts: 0,
        stalledSince: undefined,
        nextSafetyPollAt: 0,
      },
    };
    this.stream = new JobStreamChannel(this.w, o.streamSettleMs ?? 5000);
    this.loop = new ActivationLoop(this.w, this.stream, o.longPollMs ?? 10_000);
    this.watchdog = new Watchdog(this.w, this.loop, this.stream, o.watchdogIntervalMs ?? 5000, o.stallGraceMs ?? 15_000);
  }

  start(): void {
    const { w } = this;
    if (w.state.running) return;
    w.state.running = true;
    w.log.info({ mode: w.state.mode, maxJobsActive: this.o.maxJobsActive, fetchVariables: w.fetchVariables }, 'worker started');
    if (w.state.mode === 'streaming') void this.stream.open();
    this.loop.start();
    this.watchdog.start();
  }

  status(): WorkerStatus {
    const { state, jobs } = this.w;
    const lastActivity = Math.max(state.lastActivityAt ?? 0, jobs.lastJobAt ?? 0);
    return {
      connectorId: this.o.connector.id,
      type: this.type,
      mode: state.mode,
      stream: this.stream.state,
      running: state.running,
      inFlight: jobs.inFlight,
      queued: jobs.queued,
      maxJobsActive: this.o.maxJobsActive,
      ...(lastActivity > 0 ? { lastActivityAt: lastActivity } : {}),
      consecutiveErrors: state.consecutiveErrors,
      ...(state.lastError ? { lastError: state.lastError } : {}),
      restarts: state.restarts,
      ...(state.stalledSince !== undefined ? { stalledSince: state.stalledSince } : {}),
    };
  }

  /**
   * The engine answered again after being unreachable. A stream whose end the client can see
   * reports it itself; one it cannot see may be dead and is reopened.
   */
  engineRecovered(): void {
    if (!this.w.state.running) return;
    this.stream.engineRecovered();
    // Poll at once rather than after the error backoff or the safety-net interval.
    this.w.state.nextSafetyPollAt = 0;
    this.w.stopping.notify();
    this.w.capacity.notify();
  }

  /**
   * Stops activating and hands back what it cannot finish (see {@link shutdownWorker}): in-flight
   * jobs finish until shortly before `untilAt` (epoch ms), the rest go back to the engine.
   */
  stop(untilAt: number): Promise<WorkerStopReport> {
    return shutdownWorker(this.w, { loop: this.loop, watchdog: this.watchdog, stream: this.stream }, untilAt);
  }

  /**
   * A slot freed up: start the poll loop's next round if it waits for one (a loop waiting for its
   * safety-net poll is not woken for every finished job), and resume a paused stream once the
   * backlog is small.
   */
  private onCapacity(): void {
    if (this.loop.waitingForSlot || !this.stream.isMain()) this.w.capacity.notify();
    this.stream.onCapacity();
  }
}
