import { createHash } from 'node:crypto';
import { INBOUND_RUNTIME_PROPERTIES, type InboundConnector } from '@connectorkit/sdk';
import type { ComponentHealth } from '../observability/health.js';
import type { DefinitionProblem, DiscoveredElement, DiscoveryState } from './discovery.js';
import { InboundExecutable, type ExecutableDeps, type InboundConnectorInfo } from './executable.js';

/**
 * The deduplication id of an element: elements with equal ids share one running connector.
 * Manual mode (`deduplicationModeManualFlag` / `deduplicationMode=MANUAL` with a `deduplicationId`):
 * that id within the process. Otherwise the connector's own properties within the process, so a
 * new version with the same configuration keeps the same id, and its connector and state.
 */
export function deduplicationId(e: DiscoveredElement): string {
  const p = e.properties;
  const manual = (p.deduplicationModeManualFlag === 'true' || p.deduplicationMode === 'MANUAL') && p.deduplicationId?.trim();
  if (manual) return `${e.tenantId}/${e.bpmnProcessId}/${p.deduplicationId!.trim()}`;
  const own = Object.entries(p)
    .filter(([k]) => !INBOUND_RUNTIME_PROPERTIES.has(k) || k === 'inbound.type')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const hash = createHash('sha256').update(JSON.stringify(own)).digest('hex').slice(0, 16);
  return `${e.tenantId}/${e.bpmnProcessId}/${hash}`;
}

/** A fingerprint of what a running connector was activated with (to notice a manual-id group that changed). */
function fingerprint(elements: readonly DiscoveredElement[]): string {
  const p = elements[0]!.properties;
  return JSON.stringify(Object.entries(p).filter(([k]) => !INBOUND_RUNTIME_PROPERTIES.has(k) || k === 'inbound.type').sort());
}

export interface RegistryOptions extends ExecutableDeps {
  /** Inbound connectors installed, by `inbound.type`. */
  connectors: ReadonlyMap<string, InboundConnector>;
  /** Deadline for one connector's deactivation when a process changes (ms). */
  deactivateTimeoutMs?: number;
}

const elementLabel = (e: DiscoveredElement) => `${e.bpmnProcessId} v${e.version} ${e.elementId}`;

/**
 * Keeps the running inbound connectors in line with what discovery saw: activates what is new,
 * moves elements of a new version onto the connector already running for the same deduplication
 * id (no restart, no state reset), deactivates what is gone, and lists what cannot run, with why.
 */
export class InboundRegistry {
  private readonly running = new Map<string, { executable: InboundExecutable; fingerprint: string }>();
  private invalid: InboundConnectorInfo[] = [];
  private problems: DefinitionProblem[] = [];
  private applying: Promise<void> = Promise.resolve();

  constructor(private readonly options: RegistryOptions) {}

  /** Applies one discovery state (calls are serialized). */
  apply(state: DiscoveryState): Promise<void> {
    const next = this.applying.then(() => this.applyNow(state));
    this.applying = next.catch(() => undefined);
    return next;
  }

  private async applyNow(state: DiscoveryState): Promise<void> {
    const { connectors, logger } = this.options;
    const groups = new Map<string, DiscoveredElement[]>();
    const invalid: InboundConnectorInfo[] = [];
    for (const e of state.elements) {
      const type = e.properties['inbound.type']!;
      const connector = connectors.get(type);
      const reason = !connector
        ? `no installed connector serves inbound.type '${type}'`
        : connector.elements && !connector.elements.includes(e.element)
          ? `connector '${connector.id}' does not support a ${e.element} element`
          : undefined;
      if (reason) {
        invalid.push({
          id: `${e.tenantId}/${e.bpmnProcessId}/${e.elementId}@${e.version}`,
          type,
          status: 'INVALID',
          reason,
          bpmnProcessId: e.bpmnProcessId,
          tenantId: e.tenantId,
          versions: [e.version],
          elementIds: [e.elementId],
          health: { status: 'UNKNOWN' },
          activity: [],
        });
        continue;
      }
      const id = deduplicationId(e);
      const group = groups.get(id);
      if (group) group.push(e);
      else groups.set(id, [e]);
    }
    this.invalid = invalid;
    this.problems = state.problems;

    const added: InboundExecutable[] = [];
    const removed: InboundExecutable[] = [];
    const retried: InboundExecutable[] = [];
    for (const [id, elements] of groups) {
      const current = this.running.get(id);
      const print = fingerprint(elements);
      if (current && current.fingerprint === print && current.executable.retryDue()) {
        // Try a failed activation again (a webhook path another process held may be free now).
        const retry = new InboundExecutable(id, current.executable.connector, elements, this.options, {
          failures: current.executable.failures,
          reason: current.executable.reason,
          activity: current.executable.activityLog,
        });
        this.running.set(id, { executable: retry, fingerprint: print });
        retried.push(retry);
        continue;
      }
      if (current && current.fingerprint === print) {
        const before = current.executable.elements.map(elementLabel).join(', ');
        current.executable.updateElements(elements);
        const after = elements.map(elementLabel).join(', ');
        if (before !== after) logger.info({ inboundId: id, elements: after }, 'inbound connector now serves a new process version');
        continue;
      }
      if (current) removed.push(current.executable);
      const connector = connectors.get(elements[0]!.properties['inbound.type']!)!;
      const executable = new InboundExecutable(id, connector, elements, this.options);
      this.running.set(id, { executable, fingerprint: print });
      added.push(executable);
    }
    for (const [id, { executable }] of this.running) {
      if (!groups.has(id)) {
        removed.push(executable);
        this.running.delete(id);
      }
    }
    const deadline = () => Date.now() + (this.options.deactivateTimeoutMs ?? 10_000);
    // Subscriptions and polls stop before their successor starts (an exclusive queue consumer, a
    // lease); a webhook route moves to its successor at once and the old connector stops after.
    await Promise.all(removed.filter((x) => x.connector.kind !== 'webhook').map((x) => x.deactivate(deadline())));
    const replaced = new Set(removed);
    for (const x of added) await x.activate({ mayReplace: (owner) => replaced.has(owner as InboundExecutable) });
    await Promise.all(removed.filter((x) => x.connector.kind === 'webhook').map((x) => x.deactivate(deadline())));
    for (const x of removed) logger.info({ inboundId: x.id, type: x.type }, 'inbound connector deactivated');
    // Failed activations tried again last, once what was removed has freed its webhook paths.
    for (const x of retried) {
      await x.activate();
      if (x.status === 'ACTIVE') logger.info({ inboundId: x.id, type: x.type }, 'inbound connector activated on a later try');
    }
  }

  /** Everything `GET /inbound` shows: running and failed connectors, elements that cannot run, unreadable definitions. */
  list(): InboundConnectorInfo[] {
    const problems: InboundConnectorInfo[] = this.problems.map((p) => ({
      id: `${p.tenantId}/${p.bpmnProcessId}@${p.version}`,
      type: '',
      status: 'INVALID',
      reason: p.reason,
      bpmnProcessId: p.bpmnProcessId,
      tenantId: p.tenantId,
      versions: [p.version],
      elementIds: [],
      health: { status: 'UNKNOWN' },
      activity: [],
    }));
    return [...[...this.running.values()].map((r) => r.executable.info()), ...this.invalid, ...problems];
  }

  /** DOWN when a running connector reports DOWN; connectors that could not start are listed, not fatal. */
  health(): ComponentHealth {
    const details: Record<string, unknown> = {};
    let down = false;
    for (const { executable } of this.running.values()) {
      const info = executable.info();
      details[info.id] = { type: info.type, status: info.status, health: info.health.status, ...(info.reason ? { reason: info.reason } : {}) };
      if (info.status === 'ACTIVE' && info.health.status === 'DOWN') down = true;
    }
    return { status: down ? 'DOWN' : 'UP', details };
  }

  /** Deactivates every connector; in-flight events get until `untilAt`. */
  async stop(untilAt: number): Promise<void> {
    await this.applying;
    const all = [...this.running.values()].map((r) => r.executable);
    this.running.clear();
    await Promise.all(all.map((x) => x.deactivate(untilAt)));
  }
}
