import type { ConnectorDefinition, InboundConnector, OutboundConnector } from '@connectorkit/sdk';

function isConnector(value: unknown): value is ConnectorDefinition {
  if (value === null || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  return (
    (v.direction === 'outbound' || v.direction === 'inbound') &&
    typeof v.id === 'string' &&
    typeof v.type === 'string' &&
    typeof v.properties === 'object' &&
    v.properties !== null
  );
}

export interface CollectedConnectors {
  outbound: OutboundConnector[];
  inbound: InboundConnector[];
}

/**
 * Every connector definition a module exports (named exports, the default export, lists of
 * definitions in either, and the fields of a CommonJS `module.exports`), each once. Recognised by shape, not by class: a package may bring its own
 * copy of the SDK.
 */
export function connectorsOf(namespace: Record<string, unknown>): CollectedConnectors {
  const found = new Set<ConnectorDefinition>();
  const take = (value: unknown) => {
    for (const v of Array.isArray(value) ? value : [value]) if (isConnector(v)) found.add(v);
  };
  for (const [name, value] of Object.entries(namespace)) {
    take(value);
    // A CommonJS module arrives as `default` = its `module.exports` object.
    if (name === 'default' && value !== null && typeof value === 'object' && !Array.isArray(value) && !isConnector(value)) {
      for (const inner of Object.values(value)) take(inner);
    }
  }
  const all = [...found];
  return {
    outbound: all.filter((c): c is OutboundConnector => c.direction === 'outbound' && typeof (c as OutboundConnector).execute === 'function'),
    inbound: all.filter((c): c is InboundConnector => c.direction === 'inbound'),
  };
}
