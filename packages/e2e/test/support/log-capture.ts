import { createLogger } from '@connectorkit/runtime';
import { maskSecrets } from '@connectorkit/sdk';

/**
 * Every log line of the runtimes this test process starts, at debug, and every secret value the
 * tests hand them: after each test file (setup-env.ts) no line may hold any spelling of a secret
 * (as is, URL- or form-encoded, JSON-escaped, another case, base64: the SDK's masker knows them).
 */
const lines: string[] = [];
const secrets = new Set<string>();

const ECHO_LEVELS: Record<string, number> = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60, silent: 100 };

/** Remembers the secret values in the environment now (`SECRET_*`, and any `*_SECRET_*` prefix a test set). */
export function rememberSecrets(): void {
  for (const [name, value] of Object.entries(process.env)) {
    if (value && value.length >= 6 && !name.startsWith('CONNECTORKIT_') && /(^|_)SECRET_/.test(name)) secrets.add(value);
  }
}

/** A runtime logger at debug whose lines are kept for the check; lines at or above E2E_LOG_LEVEL (default warn) also go to standard output. */
export function capturingLogger() {
  rememberSecrets();
  const echo = ECHO_LEVELS[process.env.E2E_LOG_LEVEL ?? 'warn'] ?? 40;
  return createLogger({
    level: 'debug',
    name: 'connectors',
    destination: {
      write(line: string) {
        lines.push(line);
        const level = /"level":"(\w+)"/.exec(line)?.[1];
        if (level && (ECHO_LEVELS[level] ?? 0) >= echo) process.stdout.write(line);
      },
    },
  });
}

/** The captured lines that hold some spelling of a secret (each cut to 200 characters). */
export function linesLeakingSecrets(): string[] {
  const known = [...secrets];
  return known.length === 0 ? [] : lines.filter((l) => maskSecrets(l, known) !== l).map((l) => l.slice(0, 200));
}

export const capturedLineCount = (): number => lines.length;
