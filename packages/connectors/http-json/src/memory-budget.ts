/**
 * One budget for the bytes of every response in flight together (across all concurrent executions
 * of a connector): the per-response limit alone lets N concurrent large responses take N times it.
 * Each execution holds a {@link Reservation} that grows as its response arrives and is given back
 * when the execution ends.
 */
export class MemoryBudget {
  private used = 0;

  /** @param limitBytes Largest number of response bytes held in memory at once (Infinity: no limit). */
  constructor(readonly limitBytes: number) {}

  get inUse(): number {
    return this.used;
  }

  /** Takes `bytes` from the budget; false (nothing taken) when that would exceed it. */
  take(bytes: number): boolean {
    if (this.used + bytes > this.limitBytes) return false;
    this.used += bytes;
    return true;
  }

  give(bytes: number): void {
    this.used = Math.max(0, this.used - bytes);
  }

  reservation(): Reservation {
    return new Reservation(this);
  }
}

/** What one execution holds of the budget. */
export class Reservation {
  private held = 0;

  constructor(private readonly budget: MemoryBudget) {}

  get bytes(): number {
    return this.held;
  }

  get limitBytes(): number {
    return this.budget.limitBytes;
  }

  /** Adds `bytes`; false when the budget has no room for them. */
  grow(bytes: number): boolean {
    if (!this.budget.take(bytes)) return false;
    this.held += bytes;
    return true;
  }

  release(): void {
    this.budget.give(this.held);
    this.held = 0;
  }
}
