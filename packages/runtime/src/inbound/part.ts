import type { ConnectorLogger, InboundConnector } from '@connectorkit/sdk';
import type { DefinitionSource, InboundEngine } from '../engine/inbound.js';
import type { ComponentHealth } from '../observability/health.js';
import { Discovery } from './discovery.js';
import type { InboundConnectorInfo } from './executable.js';
import { InboundRegistry, type RegistryOptions } from './registry.js';

export interface InboundPartOptions extends Omit<RegistryOptions, 'engine' | 'connectors'> {
  connectors: readonly InboundConnector[];
  /** Undefined: no REST address is configured, inbound is off. */
  source: (() => Promise<DefinitionSource>) | undefined;
  engine: () => Promise<InboundEngine>;
  /** Time between discovery rounds (ms). */
  intervalMs: number;
}

/**
 * The inbound half of the runtime: a discovery round every interval (deployed processes through
 * the engine's REST API), a registry that starts and stops connectors to match, and the engine
 * commands that correlate their events. One of the runtime's parts: start, stop before a deadline,
 * health.
 */
export class InboundPart {
  private readonly registry: InboundRegistry;
  private discovery: Discovery | undefined;
  private engine: InboundEngine | undefined;
  private timer: NodeJS.Timeout | undefined;
  private round: Promise<void> | undefined;
  private stopped = false;
  private lastError: string | undefined;
  private rounds = 0;
  private firstRound: Promise<void>;
  private resolveFirst!: () => void;
  readonly enabled: boolean;

  constructor(private readonly options: InboundPartOptions) {
    this.enabled = options.source !== undefined && options.connectors.length > 0;
    this.firstRound = new Promise((r) => (this.resolveFirst = r));
    const byType = new Map(options.connectors.map((c) => [c.type, c]));
    this.registry = new InboundRegistry({
      ...options,
      connectors: byType,
      engine: () => {
        if (!this.engine) throw new Error('the engine connection for inbound events is not ready yet');
        return this.engine;
      },
    });
  }

  private get logger(): ConnectorLogger {
    return this.options.logger;
  }

  /** Starts discovery; resolves at once (rounds run in the background). */
  async start(): Promise<void> {
    if (!this.enabled) {
      this.resolveFirst();
      return;
    }
    try {
      this.engine = await this.options.engine();
      const source = await this.options.source!();
      this.discovery = new Discovery(source, this.logger);
      this.logger.info({ rest: source.address, intervalMs: this.options.intervalMs }, 'inbound discovery started');
    } catch (e) {
      this.lastError = e instanceof Error ? e.message : String(e);
      this.logger.error({ reason: this.lastError }, 'inbound could not start');
      this.resolveFirst();
      return;
    }
    const tick = () => {
      if (this.stopped) return;
      this.round = this.runRound().finally(() => {
        this.round = undefined;
        if (!this.stopped) this.timer = setTimeout(tick, this.options.intervalMs);
      });
    };
    tick();
  }

  /** Resolves after the first discovery round (successful or not): for tests and the CLI banner. */
  whenDiscovered(): Promise<void> {
    return this.firstRound;
  }

  private async runRound(): Promise<void> {
    const started = Date.now();
    try {
      const state = await this.discovery!.round();
      await this.registry.apply(state);
      this.rounds++;
      if (this.lastError !== undefined) this.logger.info('inbound discovery reaches the engine again');
      this.lastError = undefined;
      this.logger.debug({ definitions: state.definitions, elements: state.elements.length, ms: Date.now() - started }, 'discovery round');
    } catch (e) {
      const reason = e instanceof Error ? e.message : String(e);
      if (this.lastError === undefined) {
        this.logger.warn({ reason }, 'inbound discovery failed; running connectors keep running, retrying every interval');
      }
      this.lastError = reason;
    } finally {
      this.resolveFirst();
    }
  }

  list(): InboundConnectorInfo[] {
    return this.registry.list();
  }

  health(): ComponentHealth {
    if (!this.enabled) return { status: 'UP', details: { enabled: false } };
    const h = this.registry.health();
    if (this.lastError !== undefined) return { status: 'DOWN', details: { ...h.details, discovery: 'failing' } };
    return h;
  }

  /** Stops discovery, deactivates every connector (in-flight events get until `untilAt`), closes the engine connection. */
  async stop(untilAt: number): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    if (this.round) await this.round.catch(() => undefined);
    await this.registry.stop(untilAt);
    await this.engine?.close();
  }
}
