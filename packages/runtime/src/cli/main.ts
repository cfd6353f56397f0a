#!/usr/bin/env node
import { runCli } from './run.js';

// A second SIGTERM / SIGINT during the graceful stop ends the process at once.
let signals = 0;
const hardStop = () => {
  if (++signals > 1) process.exit(1);
};
process.on('SIGTERM', hardStop);
process.on('SIGINT', hardStop);

try {
  const code = await runCli({ argv: process.argv.slice(2), env: process.env, cwd: process.cwd(), stdout: process.stdout, stderr: process.stderr, stdoutIsTTY: process.stdout.isTTY === true, signals: process });
  process.exit(code);
} catch (e) {
  process.stderr.write(`connectors: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
}
