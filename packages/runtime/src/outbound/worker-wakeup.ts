/**
 * An interruptible pause: `wait(ms)` resolves after `ms`, or at once when `notify()` is called
 * (capacity freed, shutdown). Timers are unref'd: a waiting worker never keeps the process alive.
 */
export class Wakeup {
  private waiters = new Set<() => void>();

  wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, ms));
      timer.unref();
      this.waiters.add(done);
    });
  }

  notify(): void {
    for (const w of [...this.waiters]) w();
  }
}
