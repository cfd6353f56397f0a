import type { WorkerContext } from './worker-context.js';
import { MAX_BACKOFF_MS, type ActivationLoop } from './worker-loop.js';
import type { JobStreamChannel } from './worker-stream.js';

/**
 * The watchdog of a worker: every `intervalMs` it checks that the activation call on its way has
 * not hung and that the loop still goes round (else a new loop takes over, and the status shows
 * since when it was stalled), and that a failed stream's scheduled reopen happened.
 */
export class Watchdog {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly w: WorkerContext,
    private readonly loop: Pick<ActivationLoop, 'poll' | 'tickAt' | 'restart'>,
    private readonly stream: Pick<JobStreamChannel, 'state' | 'attemptAt' | 'backoffMs' | 'retry'>,
    private readonly intervalMs: number,
    private readonly stallGraceMs: number,
  ) {}

  start(): void {
    this.timer = setInterval(() => this.check(), this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  check(now: number = Date.now()): void {
    const { w, loop, stream } = this;
    if (!w.state.running) return;
    const poll = loop.poll;
    if (poll && now - poll.startedAt > poll.expectMs + this.stallGraceMs) {
      w.state.stalledSince ??= poll.startedAt;
      loop.restart(`an activation call has not returned for ${Math.round((now - poll.startedAt) / 1000)} s`);
    } else if (!poll && now - loop.tickAt > Math.max(w.o.pollIntervalMs, 1000) + MAX_BACKOFF_MS + this.stallGraceMs) {
      w.state.stalledSince ??= loop.tickAt;
      loop.restart(`the poll loop has not run for ${Math.round((now - loop.tickAt) / 1000)} s`);
    }
    if (w.state.mode === 'streaming' && stream.state === 'failed' && now - stream.attemptAt >= stream.backoffMs() + this.intervalMs) {
      stream.retry(); // the scheduled reopen did not happen
    }
  }
}
