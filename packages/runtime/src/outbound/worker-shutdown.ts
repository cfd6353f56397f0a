import type { WorkerContext } from './worker-context.js';
import { sleep } from './worker-context.js';
import type { ActivationLoop } from './worker-loop.js';
import type { JobStreamChannel } from './worker-stream.js';
import type { Watchdog } from './worker-watchdog.js';

/** On shutdown: a paused stream is read until it has been quiet this long (ms)... */
const DRAIN_QUIET_MS = 100;
/** ...but no longer than this (ms). */
const DRAIN_MAX_MS = 500;
/** On shutdown: time the engine gets to drop a cancelled stream before jobs are handed back (ms). */
const CANCEL_SETTLE_MS = 250;

export interface WorkerStopReport {
  type: string;
  /** In-flight jobs finished within the deadline. */
  drained: boolean;
  /** Jobs failed with their retries unchanged so another worker takes them. */
  handedBack: number;
}

/**
 * Stops a worker and hands back what it cannot finish: jobs that arrive from now on wait; a
 * paused stream is read empty, then the stream is cancelled and the engine gets a moment to drop
 * it (so handed-back jobs are not pushed into it); queued jobs are handed back; in-flight jobs
 * finish until shortly before `untilAt` (epoch ms), and the rest are handed back (failed with
 * their retries unchanged) so another worker takes them at once.
 */
export async function shutdownWorker(
  w: WorkerContext,
  parts: { loop: Pick<ActivationLoop, 'stop' | 'poll'>; watchdog: Pick<Watchdog, 'stop'>; stream: JobStreamChannel },
  untilAt: number,
): Promise<WorkerStopReport> {
  const { loop, watchdog, stream: channel } = parts;
  w.state.running = false;
  loop.stop();
  watchdog.stop();
  w.jobs.hold();
  w.capacity.notify();
  w.stopping.notify();
  const stream = channel.current;
  if (stream) {
    if (channel.state === 'paused') {
      const resumedAt = Date.now();
      stream.resume();
      const drainUntil = Math.min(untilAt, resumedAt + DRAIN_MAX_MS);
      const quietFor = () => Date.now() - Math.max(resumedAt, w.jobs.lastJobAt ?? 0);
      while (Date.now() < drainUntil && quietFor() < DRAIN_QUIET_MS) await sleep(DRAIN_QUIET_MS / 4);
    }
    channel.close();
    await sleep(Math.min(CANCEL_SETTLE_MS, Math.max(0, (untilAt - Date.now()) / 10)));
  }
  channel.state = w.state.mode === 'streaming' ? 'paused' : 'off';
  // An activation call on its way still delivers jobs: they join the queue.
  if (loop.poll) await Promise.race([loop.poll.done, sleep(untilAt - Date.now())]);
  await w.jobs.handBackQueued();
  const reserve = Math.min(2000, Math.max(0, (untilAt - Date.now()) / 4));
  const drained = await w.jobs.drain(untilAt - reserve);
  if (!drained) await w.jobs.handBackInFlight(untilAt);
  await w.jobs.settled(untilAt);
  const handedBack = w.jobs.handedBack;
  w.log.info({ drained, handedBack }, 'worker stopped');
  return { type: w.type, drained, handedBack };
}
