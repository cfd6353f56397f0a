#!/usr/bin/env node
// The `connectors` command. Committed (not built), so npm links it on install even before a build;
// it runs the built CLI and, when there is none, says how to build it.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const main = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(main))) {
  process.stderr.write(
    `connectors: the runtime is not built (${fileURLToPath(main)} is missing): run \`npm run build\` first (in a clone of connectorkit, at its root)\n`,
  );
  process.exit(1);
}
await import(main.href);
