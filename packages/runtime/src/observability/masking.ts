/**
 * Masking in the runtime's logs. There is one masking implementation, the SDK's: `secretMasker` /
 * `maskSecrets` (every spelling of a secret: URL- and form-encoded, JSON-escaped, any case, base64)
 * and `maskingLogger` (a logger whose lines are masked; the job logger and the connector's logger
 * use it). This module only applies it to serialized lines.
 */
import { maskSecrets, secretMasker } from '@connectorkit/sdk';

/**
 * Masks secret values inside one serialized log line. The line is parsed and only string values
 * are masked, so a secret such as `info` or `1234` cannot break the JSON or garble numbers;
 * a line that is not JSON is masked as plain text.
 */
export function maskLogLine(line: string, secrets: readonly string[]): string {
  if (!secretMasker(secrets).test(line)) return line;
  const body = line.trimEnd();
  const ending = line.slice(body.length);
  try {
    const parsed = JSON.parse(body) as unknown;
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return maskSecrets(line, secrets);
    const record = parsed as Record<string, unknown>;
    // The level and time are written by the logger, never by a caller: keep them readable.
    const masked = { ...maskSecrets(record, secrets), level: record.level, time: record.time };
    return JSON.stringify(masked) + ending;
  } catch {
    return maskSecrets(line, secrets);
  }
}
