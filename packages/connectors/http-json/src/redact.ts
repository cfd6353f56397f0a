/** Masks credential values in an error before it leaves the connector (message and variables). */
import { ConnectorError, ConnectorInputError, ConnectorRetryError, maskSecrets } from '@connectorkit/sdk';

export function redactError(e: unknown, secrets: readonly string[]): unknown {
  if (!(e instanceof ConnectorError) || secrets.length === 0) return e;
  const message = maskSecrets(e.message, secrets);
  const variables = e.variables === undefined ? undefined : maskSecrets(e.variables, secrets);
  if (message === e.message && JSON.stringify(variables) === JSON.stringify(e.variables)) return e;
  if (e instanceof ConnectorInputError) return new ConnectorInputError(message, { code: e.code, issues: e.issues });
  if (e instanceof ConnectorRetryError) {
    return new ConnectorRetryError(message, { code: e.code, retries: e.retries, backoff: e.backoffMs, variables });
  }
  return new ConnectorError(e.code, message, { variables });
}
