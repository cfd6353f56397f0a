import { pino, type Logger } from 'pino';
import { maskSecrets } from '@connectorkit/sdk';

/** A value as it appears inside a JSON string literal (quotes, backslashes, control characters escaped). */
function jsonEscaped(value: string): string {
  return JSON.stringify(value).slice(1, -1);
}

/**
 * Masks secret values inside one serialized log line. The line is parsed and only string values
 * are masked, so a secret such as `info` or `1234` cannot break the JSON or garble numbers;
 * a line that is not JSON is masked as plain text.
 */
export function maskLogLine(line: string, secrets: readonly string[]): string {
  const present = secrets.some((s) => s.length >= 3 && (line.includes(s) || line.includes(jsonEscaped(s))));
  if (!present) return line;
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

/** Every write of the stream goes through {@link maskLogLine}; everything else reaches the stream itself. */
function maskingStream(stream: object, secrets: readonly string[]): object {
  return new Proxy(stream, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop, target);
      if (prop === 'write' && typeof value === 'function') {
        return (line: string) => value.call(target, maskLogLine(String(line), secrets));
      }
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/**
 * A child of `logger` that replaces every occurrence of the given secret values with `***` in what
 * it writes: message, fields, bindings, serialized errors and stack traces, and the same for its
 * own children. Values shorter than 3 characters are not masked (see the SDK's `maskSecrets`).
 * Use it for everything logged while a job with resolved secrets runs.
 */
export function maskingLogger<L extends Logger>(logger: L, secrets: readonly string[]): L {
  const list = [...new Set(secrets)].filter((s) => s.length >= 3);
  const child = logger.child({}) as L;
  if (list.length === 0) return child;
  // pino writes through `this[streamSym]`, which a child inherits from its parent: an own property
  // on the child redirects this child (and its descendants) without touching the parent.
  const target = child as unknown as Record<symbol, object>;
  target[pino.symbols.streamSym] = maskingStream(target[pino.symbols.streamSym], list);
  return child;
}
