/**
 * Loading on first use, warmed once the runtime is ready.
 *
 * A connector's client library (axios, an API client) or the SDK's FEEL engine costs tens of
 * milliseconds and megabytes to load. Loaded at import, it delays the runtime's readiness and
 * sits in memory even when no job of that connector ever comes. Wrapped in {@link lazyLoad}, it is
 * loaded by whichever comes first: the first call (a job that needs it), or the runtime's warm-up
 * right after it reports ready ({@link warmLazyLoads}), so that a first job seldom pays for it.
 */

interface Entry {
  readonly name: string;
  /** Whether the value is there (or, for a promise, being fetched): nothing left to warm. */
  loaded(): boolean;
  get(): unknown;
}

const entries = new Set<Entry>();

/**
 * `load` runs once, on the first call of the returned function or when the runtime warms lazy
 * loads (whichever comes first); later calls return the same value. `load` may return a promise
 * (a dynamic `import()`): the promise is kept, and if it rejects the next call tries again (a
 * failed import is reported where it is needed, by the job that needed it).
 *
 * ```ts
 * const axiosClient = lazyLoad('axios', async () => (await import('axios')).default.create());
 * // in execute: const client = await axiosClient();
 * ```
 */
export function lazyLoad<T>(name: string, load: () => T): () => T {
  let state: { value: T } | undefined;
  const get = (): T => {
    if (state) return state.value;
    const value = load();
    state = { value };
    if (value instanceof Promise) {
      value.catch(() => {
        if (state?.value === value) state = undefined;
      });
    }
    return value;
  };
  entries.add({ name, loaded: () => state !== undefined, get });
  return get;
}

export interface WarmReport {
  /** Loaded by the warm-up, in the order loaded, with the milliseconds each took. */
  warmed: { name: string; ms: number }[];
  /** Loads that failed; the first use will try again and report it. */
  failed: { name: string; reason: string }[];
}

/**
 * Loads every {@link lazyLoad} not loaded yet, one after the other, letting the event loop run
 * between them (jobs that arrive meanwhile are not held up by the whole warm-up). Never throws.
 * The runtime calls it once it is ready.
 */
export async function warmLazyLoads(): Promise<WarmReport> {
  const report: WarmReport = { warmed: [], failed: [] };
  for (const entry of [...entries]) {
    if (entry.loaded()) continue;
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (entry.loaded()) continue;
    const start = performance.now();
    try {
      await entry.get();
      report.warmed.push({ name: entry.name, ms: Math.round((performance.now() - start) * 10) / 10 });
    } catch (e) {
      report.failed.push({ name: entry.name, reason: e instanceof Error ? e.message : String(e) });
    }
  }
  return report;
}
