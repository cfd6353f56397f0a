import type { InboundConnector, OutboundConnector } from '@connectorkit/sdk';
import { JOB_TYPE_PREFIX, normalizeConnectorId } from '../config/index.js';
import { LoaderError } from './errors.js';

/** Where a connector came from. */
export interface ConnectorSource {
  /** The module as configured or discovered: a package specifier or a file path. */
  module: string;
  /** The npm package, when it came from one. */
  package?: string;
  version?: string;
}

export interface Candidate {
  connector: OutboundConnector | InboundConnector;
  source: ConnectorSource;
}

export interface LoadedOutbound {
  connector: OutboundConnector;
  /** The job type served: the connector's own, or the configured override. */
  type: string;
  source: ConnectorSource;
}

export interface LoadedInbound {
  connector: InboundConnector;
  source: ConnectorSource;
}

export interface SkippedConnector {
  id: string;
  type: string;
  direction: 'outbound' | 'inbound';
  reason: 'denied' | 'not allowed';
  source: ConnectorSource;
}

export interface SelectOptions {
  /** Job types / inbound types or connector ids to serve exclusively (empty: all). */
  allow: readonly string[];
  /** Job types / inbound types or connector ids never to serve. */
  deny: readonly string[];
  /** Job type overrides by normalized connector id. */
  jobTypes: Readonly<Record<string, string>>;
}

export interface Selection {
  outbound: LoadedOutbound[];
  inbound: LoadedInbound[];
  skipped: SkippedConnector[];
  /** Override variables that matched no outbound connector (probably a typo). */
  unusedOverrides: string[];
}

function describe(c: { id: string; source: ConnectorSource }): string {
  return `'${c.id}' from ${c.source.package ?? c.source.module}`;
}

/**
 * Applies job type overrides, then the allow and deny lists (an entry matches a connector's id,
 * its own type or its overridden type), and refuses two connectors serving one type.
 */
export function selectConnectors(candidates: readonly Candidate[], options: SelectOptions): Selection {
  const result: Selection = { outbound: [], inbound: [], skipped: [], unusedOverrides: [] };
  const usedOverrides = new Set<string>();
  const seen = new Set<unknown>();
  const allow = new Set(options.allow);
  const deny = new Set(options.deny);

  for (const { connector, source } of candidates) {
    if (seen.has(connector)) continue; // the same definition reached twice (e.g. listed and discovered)
    seen.add(connector);
    let type = connector.type;
    if (connector.direction === 'outbound') {
      const key = normalizeConnectorId(connector.id);
      const override = options.jobTypes[key];
      if (override !== undefined) {
        type = override;
        usedOverrides.add(key);
      }
    }
    const names = [connector.id, connector.type, type];
    const base = { id: connector.id, type, direction: connector.direction, source };
    if (allow.size > 0 && !names.some((n) => allow.has(n))) {
      result.skipped.push({ ...base, reason: 'not allowed' });
      continue;
    }
    if (names.some((n) => deny.has(n))) {
      result.skipped.push({ ...base, reason: 'denied' });
      continue;
    }
    if (connector.direction === 'outbound') result.outbound.push({ connector, type, source });
    else result.inbound.push({ connector, source });
  }

  const clash = <T extends { source: ConnectorSource }>(items: T[], typeOf: (t: T) => string, idOf: (t: T) => string, what: string) => {
    const byType = new Map<string, T>();
    for (const item of items) {
      const type = typeOf(item);
      const other = byType.get(type);
      if (other) {
        throw new LoaderError(
          'DUPLICATE_CONNECTOR_TYPE',
          `${what} '${type}' is served by two connectors: ${describe({ id: idOf(other), source: other.source })} and ${describe({ id: idOf(item), source: item.source })}. ` +
            `Deny one (CONNECTORKIT_DENY_TYPES) or give one another job type (${JOB_TYPE_PREFIX}<CONNECTOR_ID>).`,
        );
      }
      byType.set(type, item);
    }
  };
  clash(result.outbound, (o) => o.type, (o) => o.connector.id, 'Job type');
  clash(result.inbound, (i) => `${i.connector.kind}:${i.connector.type}`, (i) => i.connector.id, 'Inbound type');

  result.unusedOverrides = Object.keys(options.jobTypes)
    .filter((k) => !usedOverrides.has(k))
    .map((k) => `${JOB_TYPE_PREFIX}${k}`);
  return result;
}
