import { readFileSync } from 'node:fs';
import { ConfigError, parseCommandLine, type RuntimeConfig } from '../config/index.js';
import { createLogger, describeListening, resolveLogFormat } from '../observability/index.js';
import { startRuntime, type RuntimeHandle } from '../runtime.js';
import { runDeploy } from './deploy.js';
import { silentLogger } from '@connectorkit/sdk';
import { loadConnectors } from '../loader/index.js';
import { helpText, type ConnectorSettingHelp } from './help.js';

/** The runtime's version, from its package.json (two levels up from src/cli and dist/cli alike). */
export function runtimeVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

export interface CliIo {
  argv: readonly string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Human-readable lines (help, banner, errors) go to standard error; logs are JSON lines on standard output. */
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  /** Whether standard output is a terminal: the log format `auto` then means `pretty`. Default false. */
  stdoutIsTTY?: boolean;
  /** Where SIGTERM / SIGINT arrive (the process). */
  signals: Pick<NodeJS.Process, 'once' | 'removeListener'>;
}

/** The operator settings of the connectors the runtime would load (help only: a failure lists none). */
async function installedConnectorSettings(config: RuntimeConfig): Promise<ConnectorSettingHelp[]> {
  try {
    const loaded = await loadConnectors({ ...config.connectors, cwd: config.cwd, logger: silentLogger });
    return [...loaded.outbound, ...loaded.inbound].flatMap(({ connector }) =>
      (connector.settings ?? []).map((s) => ({ connectorId: connector.id, env: s.env, description: s.description, ...(s.defaultText !== undefined ? { defaultText: s.defaultText } : {}) })),
    );
  } catch {
    return [];
  }
}

/** `connectors ...`; resolves to the exit code. */
export async function runCli(io: CliIo): Promise<number> {
  if (io.argv.includes('--version') || io.argv[0] === '-v') {
    io.stdout.write(`${runtimeVersion()}\n`);
    return 0;
  }
  if (io.argv[0] === 'deploy') return runDeploy(io, io.argv.slice(1));
  let config: RuntimeConfig;
  try {
    const request = parseCommandLine({ argv: io.argv, env: io.env, cwd: io.cwd });
    if (request.command === 'help') {
      io.stdout.write(helpText(await installedConnectorSettings(request.config)));
      return 0;
    }
    if (request.command === undefined) {
      io.stderr.write(helpText());
      return 2;
    }
    config = request.config;
  } catch (e) {
    if (e instanceof ConfigError) {
      io.stderr.write(`connectors: ${e.message}\n`);
      return e.exitCode;
    }
    throw e;
  }

  // Listen from the start: a signal during start-up stops the runtime as soon as it is up.
  let onTerm = () => {};
  let onInt = () => {};
  const signal = new Promise<NodeJS.Signals>((resolve) => {
    onTerm = () => resolve('SIGTERM');
    onInt = () => resolve('SIGINT');
    io.signals.once('SIGTERM', onTerm);
    io.signals.once('SIGINT', onInt);
  });

  let runtime: RuntimeHandle;
  try {
    const logger = createLogger({ level: config.logLevel, name: 'connectors', format: resolveLogFormat(config.logFormat, io.stdoutIsTTY) });
    runtime = await startRuntime(config, { logger });
  } catch (e) {
    io.signals.removeListener('SIGTERM', onTerm);
    io.signals.removeListener('SIGINT', onInt);
    if (e instanceof ConfigError) {
      // A connector's setting (known only once the connectors are loaded) is invalid or unknown.
      io.stderr.write(`connectors: ${e.message}\n`);
      return e.exitCode;
    }
    const code = (e as { code?: unknown }).code;
    io.stderr.write(`connectors: could not start: ${e instanceof Error ? e.message : String(e)}${typeof code === 'string' ? ` (${code})` : ''}\n`);
    return 1;
  }

  const served = runtime.connectors.filter((c) => c.status !== 'DISABLED');
  io.stderr.write(
    [
      `connectors: listening on ${describeListening(config.http.host, Number(new URL(runtime.url).port))} (GET /health/ready, /metrics, /connectors/outbound, /inbound; webhooks at /inbound/<context>)`,
      ...(config.http.managementToken
        ? [
            `connectors: management endpoints need Authorization: Bearer <CONNECTORKIT_MANAGEMENT_TOKEN>; health probes ${config.http.healthOpen === false ? 'too' : 'open (statuses only)'}; webhooks never`,
          ]
        : []),
      `connectors: engine ${runtime.engine.address} (auth ${runtime.engine.authStrategy})`,
      `connectors: serving ${served.length} outbound connector(s)${served.length ? ':' : ''}`,
      ...served.map((c) => `  ${c.type}  ${c.id}${c.package ? ` (${c.package})` : ''}`),
      runtime.inboundOff
        ? `connectors: inbound is off: ${runtime.inboundOff}`
        : `connectors: ${runtime.inboundConnectors.length} inbound connector(s), started for the deployed processes that use them (GET /inbound):`,
      ...(runtime.inboundOff ? [] : runtime.inboundConnectors.map((c) => `  ${c.type}  ${c.id} (${c.kind}${c.package ? `, ${c.package}` : ''})`)),
      ...runtime.skipped.map((s) => `connectors: dropped ${s.direction} connector ${s.id} (${s.type}): ${s.reason} by configuration`),
      ...runtime.loadFailures.map((f) => `connectors: dropped ${f.package ?? f.module}: ${f.code}: ${f.message}`),
      '',
    ].join('\n'),
  );
  runtime.ready.then(
    () => io.stderr.write('connectors: engine connected, workers running\n'),
    () => undefined,
  );

  io.stderr.write(`connectors: ${await signal}: stopping (in-flight jobs get up to ${config.shutdownTimeoutMs} ms)\n`);
  const report = await runtime.stop(config.shutdownTimeoutMs);
  io.stderr.write(`connectors: stopped${report.handedBack ? ` (${report.handedBack} job(s) handed back to the engine)` : ''}\n`);
  return 0;
}
