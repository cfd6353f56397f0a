import type { EventEmitter } from 'node:events';

/**
 * `@camunda8/sdk` (8.8) hides the gRPC stream behind `streamJobs`: a stream that ends or fails is
 * only written to `console.error`, and nothing reopens it. The engine client therefore taps the
 * stream the SDK just opened (kept in its stream worker's list) to learn when it ends, to report
 * the error through the runtime's logger instead of the console, and to drop it from the SDK's
 * list once closed. Everything here is guarded: when the SDK's internals look different, the tap
 * is simply absent and the worker's safety-net poll still notices a dead stream.
 */

type GrpcStream = EventEmitter & { cancel?: () => void; pause?: () => unknown; resume?: () => unknown };

interface StreamWorkerInternals {
  streamWorker?: { streams?: unknown[] };
}

function isStream(x: unknown): x is GrpcStream {
  return typeof x === 'object' && x !== null && typeof (x as EventEmitter).on === 'function' && typeof (x as EventEmitter).listeners === 'function';
}

/** The SDK's current list of job streams, if it can be seen. */
export function sdkStreams(client: unknown): unknown[] | undefined {
  const list = (client as StreamWorkerInternals).streamWorker?.streams;
  return Array.isArray(list) ? list : undefined;
}

/** Errors a quieted stream reported before it was tapped, for the tap to pick up. */
const earlyErrors = new WeakMap<object, string>();

function dropConsoleListener(stream: GrpcStream): void {
  for (const l of stream.listeners('error')) {
    if (String(l).includes('console.error')) stream.removeListener('error', l as (...args: unknown[]) => void);
  }
}

/**
 * Until the returned function is called, a stream the SDK adds to its list loses the SDK's
 * `console.error` listener at once (during an engine outage that listener printed a gRPC stack
 * trace for every attempt to open a stream). An error the stream reports before
 * {@link tapNewStream} sees it is kept for the tap. Guarded: without the SDK's list, nothing happens.
 */
export function quietNewStreams(client: unknown): () => void {
  const list = sdkStreams(client);
  if (!list || Object.prototype.hasOwnProperty.call(list, 'push')) return () => undefined;
  list.push = function push(this: unknown[], ...items: unknown[]): number {
    for (const stream of items) {
      if (!isStream(stream)) continue;
      stream.on('error', (e: unknown) => {
        if (!earlyErrors.has(stream)) earlyErrors.set(stream, e instanceof Error ? e.message : String(e));
      });
      dropConsoleListener(stream);
    }
    return Array.prototype.push.apply(this, items);
  };
  return () => {
    delete (list as { push?: unknown }).push;
  };
}

export interface StreamTap {
  /** Called once when the stream ends or fails without having been closed by us. */
  onEnd(listener: (reason: string) => void): void;
  /** Marks the stream as closed on purpose and forgets it in the SDK's list. */
  closed(): void;
  pause(): void;
  resume(): void;
  /** Cancels the stream (for one the SDK opened but then failed to hand over). */
  cancel(): void;
}

/**
 * Taps the one stream that appeared in the SDK's list since `before` was taken; undefined when
 * there is not exactly one new stream (the tap cannot be sure which one is ours).
 */
export function tapNewStream(client: unknown, before: ReadonlySet<unknown>): StreamTap | undefined {
  const list = sdkStreams(client);
  const fresh = list?.filter((s) => !before.has(s)) ?? [];
  const stream = fresh[0];
  if (fresh.length !== 1 || !isStream(stream)) return undefined;

  let intended = false;
  let ended = false;
  const listeners: ((reason: string) => void)[] = [];
  const end = (reason: string) => {
    if (intended || ended) return;
    ended = true;
    for (const l of listeners) l(reason);
  };
  // Our listener first, so the stream is never without one; then the SDK's console.error goes.
  stream.on('error', (e: unknown) => end(e instanceof Error ? e.message : String(e)));
  dropConsoleListener(stream);
  stream.on('end', () => end('the engine ended the job stream'));
  stream.on('close', () => end('the job stream closed'));
  const early = earlyErrors.get(stream);
  if (early !== undefined) end(early);

  return {
    onEnd(listener) {
      listeners.push(listener);
      if (ended) listener('the job stream had already ended');
    },
    cancel() {
      this.closed();
      try {
        stream.cancel?.();
      } catch {
        // already gone
      }
    },
    pause: () => void stream.pause?.(),
    resume: () => void stream.resume?.(),
    closed() {
      intended = true;
      const current = sdkStreams(client);
      const i = current?.indexOf(stream) ?? -1;
      if (current && i >= 0) current.splice(i, 1);
    },
  };
}
