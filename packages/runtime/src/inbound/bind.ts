import {
  bindInput,
  ConnectorInputError,
  evaluateFeel,
  maskSecrets,
  resolveSecrets,
  type InboundConnector,
  type SecretProvider,
} from '@connectorkit/sdk';
import { RUNTIME_PROPERTIES } from './correlation.js';

function setPath(target: Record<string, unknown>, path: string[], value: unknown): void {
  let node = target;
  for (const part of path.slice(0, -1)) {
    const next = node[part];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) node[part] = {};
    node = node[part] as Record<string, unknown>;
  }
  node[path[path.length - 1]!] = value;
}

/**
 * Binds an element's `zeebe:property` values to a connector's declared properties, as every
 * inbound connector gets them: the runtime's own keywords left out, secrets replaced, values
 * starting with `=` evaluated as FEEL (except properties the connector evaluates per event),
 * dotted names nested, then validated. Throws a {@link ConnectorInputError} naming each field.
 */
export async function bindInboundProperties(
  connector: InboundConnector,
  raw: Record<string, string>,
  secrets: SecretProvider,
): Promise<{ input: unknown; secretsUsed: readonly string[] }> {
  const own: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) if (!RUNTIME_PROPERTIES.has(k)) own[k] = v;
  const resolved = await resolveSecrets(own, secrets);
  const nested: Record<string, unknown> = {};
  const issues: { field: string; rule: string }[] = [];
  for (const [key, value] of Object.entries(resolved.value)) {
    let bound: unknown = value;
    const declared = connector.properties[key];
    if (typeof value === 'string' && value.trimStart().startsWith('=') && declared?.options.evaluation !== 'event') {
      try {
        bound = evaluateFeel(value, {}).value;
      } catch (e) {
        issues.push({ field: key, rule: maskSecrets(`FEEL: ${e instanceof Error ? e.message : String(e)}`, resolved.used) });
        continue;
      }
    }
    setPath(nested, key.split('.'), bound);
  }
  if (issues.length > 0) throw ConnectorInputError.fromIssues(issues);
  return { input: bindInput(connector.properties, nested), secretsUsed: resolved.used };
}
