import type { ConnectorLogger } from '@connectorkit/sdk';
import type { EngineClient, EngineTopology } from './types.js';

export interface EngineMonitorOptions {
  engine: Pick<EngineClient, 'topology' | 'target' | 'connected' | 'watchConnection'>;
  logger: ConnectorLogger;
  /**
   * Time between probes while the engine answers and the client cannot watch its connection (ms).
   * Default 2000. When it can, nothing runs between the topology calls (`callIntervalMs`): a change
   * of the connection's state starts a probe at once.
   */
  intervalMs?: number;
  /** Time between probes while it does not (ms). Default 1000 (or `intervalMs` if shorter). */
  downIntervalMs?: number;
  /** A probe without an answer within this time counts as DOWN (ms). Default 3000. */
  timeoutMs?: number;
  /**
   * While the engine is UP and the client's connection stays established, the check at each
   * interval only looks at the connection; a topology call goes out at most this often (ms).
   * Default 30000. A connection that drops is seen at the next interval and probed at once.
   */
  callIntervalMs?: number;
  /** The engine answers again after having been unreachable. */
  onRecovered?: () => void;
  /**
   * The newest connection error other engine calls saw (a worker's activation), with when: the SDK
   * retries a probe until it times out, so the probe alone would only say "no answer".
   */
  recentError?: () => { message: string; at: number } | undefined;
}

export interface EngineHealth {
  status: 'UP' | 'DOWN';
  details: {
    address: string;
    authStrategy: string;
    gatewayVersion?: string;
    lastCheckAt?: string;
    upSince?: string;
    error?: string;
  };
}

/**
 * Probes the engine (topology) at an interval: the engine part of readiness, the first connection
 * the runtime waits for, and the "engine is back" signal that makes workers reopen their streams.
 */
export class EngineMonitor {
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private up = false;
  private everUp = false;
  private upSince: number | undefined;
  private lastCheckAt: number | undefined;
  /** When the last topology call answered. */
  private lastCallAt = 0;
  /** The engine client calls back when its established connection changes (no timer until then). */
  private watching = false;
  private probing = false;
  private lastError: string | undefined;
  private topology: EngineTopology | undefined;
  private resolveFirst!: (t: EngineTopology) => void;
  private rejectFirst!: (e: Error) => void;
  /** Resolves with the topology of the first successful probe; rejects if stopped before. */
  readonly firstConnection: Promise<EngineTopology>;

  constructor(private readonly o: EngineMonitorOptions) {
    this.firstConnection = new Promise((resolve, reject) => {
      this.resolveFirst = resolve;
      this.rejectFirst = reject;
    });
    this.firstConnection.catch(() => undefined); // a stop before connecting is not an unhandled rejection
  }

  start(): void {
    void this.probe();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    if (!this.everUp) this.rejectFirst(new Error('stopped before the engine could be reached'));
  }

  /** The last topology seen. */
  get gatewayVersion(): string | undefined {
    return this.topology?.gatewayVersion;
  }

  health(): EngineHealth {
    const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());
    return {
      status: this.up ? 'UP' : 'DOWN',
      details: {
        address: this.o.engine.target.address,
        authStrategy: this.o.engine.target.authStrategy,
        ...(this.topology ? { gatewayVersion: this.topology.gatewayVersion } : {}),
        // While the connection is watched, it is known to be established right now.
        ...(this.lastCheckAt ? { lastCheckAt: iso(this.watching && this.up ? Date.now() : this.lastCheckAt) } : {}),
        ...(this.up && this.upSince ? { upSince: iso(this.upSince) } : {}),
        ...(!this.up ? { error: this.lastError ?? 'not connected yet' } : {}),
      },
    };
  }

  private upInterval(): number {
    return this.o.intervalMs ?? 2000;
  }

  private downInterval(): number {
    return Math.min(this.upInterval(), this.o.downIntervalMs ?? 1000);
  }

  private callInterval(): number {
    return this.o.callIntervalMs ?? 30_000;
  }

  /** The watched connection changed state: probe now (or right after the probe on its way). */
  private connectionChanged(): void {
    this.watching = false;
    if (this.stopped || this.probing) return;
    clearTimeout(this.timer);
    void this.probe();
  }

  private async probe(): Promise<void> {
    if (this.stopped) return;
    // Idle and healthy: the established connection is the answer (a topology call costs about
    // 2 ms of CPU with its timers; every 2 s that was half of an idle runtime's CPU).
    if (this.up && Date.now() - this.lastCallAt < this.callInterval() && this.o.engine.connected?.() === true) {
      this.lastCheckAt = Date.now();
      this.scheduleNext();
      return;
    }
    this.probing = true;
    try {
      const topology = await this.o.engine.topology({ timeoutMs: this.o.timeoutMs ?? 3000 });
      if (this.stopped) return;
      this.lastCheckAt = Date.now();
      this.lastCallAt = this.lastCheckAt;
      this.topology = topology;
      if (!this.up) {
        this.up = true;
        this.upSince = Date.now();
        this.lastError = undefined;
        const where = { address: this.o.engine.target.address, gatewayVersion: topology.gatewayVersion };
        if (this.everUp) {
          this.o.logger.info(where, `engine at ${where.address} answers again: job streams reopen, work resumes`);
          this.o.onRecovered?.();
        } else {
          this.everUp = true;
          this.o.logger.info({ ...where, brokers: topology.brokers.length, partitions: topology.partitionsCount }, `engine connected at ${where.address}`);
          this.resolveFirst(topology);
        }
      }
    } catch (e) {
      if (this.stopped) return;
      this.lastCheckAt = Date.now();
      const recent = this.o.recentError?.();
      const own = e instanceof Error ? e.message : String(e);
      // A recent error seen by another call names the cause (connection refused, DNS, TLS...).
      const message = recent && Date.now() - recent.at < 30_000 && !own.includes(recent.message) ? `${own}; the engine calls fail with: ${recent.message}` : own;
      const changed = this.up || this.lastError === undefined;
      this.up = false;
      this.lastError = message;
      if (changed) {
        const address = this.o.engine.target.address;
        const every = `${Math.round(this.downInterval() / 1000)} s`;
        this.o.logger.warn(
          { address, reason: message },
          this.everUp
            ? `engine at ${address} unreachable (${message}): jobs wait in the engine; checking every ${every}, work resumes when it answers`
            : `waiting for the engine at ${address} (${message}): checking every ${every}, workers start when it answers`,
        );
      }
    } finally {
      this.probing = false;
      this.scheduleNext();
    }
  }

  private scheduleNext(): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    // Up with an established connection the client can watch: no wake-up until the next topology
    // call is due (an idle runtime's CPU is mostly such wake-ups), or the connection changes.
    if (this.up && !this.watching) this.watching = this.o.engine.watchConnection?.(() => this.connectionChanged()) === true;
    // While the engine is away (or not reached yet) probe more often: work waits for it.
    const delay = !this.up ? this.downInterval() : this.watching ? Math.max(0, this.lastCallAt + this.callInterval() - Date.now()) : this.upInterval();
    this.timer = setTimeout(() => void this.probe(), delay);
    this.timer.unref();
  }
}
