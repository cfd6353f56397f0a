import type { InboundConnector } from '../definition.js';
import { ConnectorInputError } from '../errors.js';
import { evaluateFeel } from '../feel/evaluate.js';
import { maskSecrets, resolveSecrets, type SecretProvider } from '../secrets.js';
import { bindInput } from '../validation.js';

/**
 * Properties of an inbound element that the host reads itself (Camunda's keywords): correlation,
 * result mapping, deduplication. A connector never sees them.
 */
export const INBOUND_RUNTIME_PROPERTIES: ReadonlySet<string> = new Set([
  'inbound.type',
  'activationCondition',
  'inbound.activationCondition',
  'consumeUnmatchedEvents',
  'correlationKeyExpression',
  'messageIdExpression',
  'messageTtl',
  'resultVariable',
  'resultExpression',
  'deduplicationMode',
  'deduplicationId',
  'deduplicationModeManualFlag',
  'correlationRequired',
  'synchronousResponse',
]);

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
 * Binds an element's `zeebe:property` values (flat dotted names, or already nested) to a
 * connector's declared properties, as every host binds them (the runtime and the testing kit): the runtime's own keywords left out, secrets replaced, values
 * starting with `=` evaluated as FEEL (except properties the connector evaluates per event),
 * dotted names nested, then validated. Throws a {@link ConnectorInputError} naming each field.
 */
export async function bindInboundProperties(
  connector: InboundConnector,
  raw: Record<string, unknown>,
  secrets: SecretProvider,
): Promise<{ input: unknown; secretsUsed: readonly string[] }> {
  const own: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw)) if (!INBOUND_RUNTIME_PROPERTIES.has(k)) own[k] = v;
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
