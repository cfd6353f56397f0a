import { JOB_TYPE_PREFIX, SETTINGS } from '../config/index.js';

/** Environment variables of @camunda8/sdk the runtime's engine connection honours (the common ones). */
const ENGINE_ENV: readonly [string, string][] = [
  ['ZEEBE_GRPC_ADDRESS', 'gRPC address of the gateway, e.g. grpc://localhost:26500 or grpcs://<cluster>:443'],
  ['ZEEBE_REST_ADDRESS (or CAMUNDA_REST_ADDRESS)', 'REST address of the Orchestration Cluster API; inbound connectors need it to find the deployed processes (the local engine: http://localhost:9600)'],
  ['CAMUNDA_AUTH_STRATEGY', 'NONE, OAUTH, BASIC, BEARER or COOKIE'],
  ['ZEEBE_CLIENT_ID, ZEEBE_CLIENT_SECRET, CAMUNDA_OAUTH_URL, ZEEBE_TOKEN_AUDIENCE', 'OAuth client credentials (SaaS, Self-Managed with Identity)'],
  ['CAMUNDA_TENANT_ID', 'tenant of the jobs to activate (multi-tenancy)'],
  ['CAMUNDA_CUSTOM_ROOT_CERT_PATH', 'custom CA for TLS'],
  ['ZEEBE_CLIENT_LOG_LEVEL', "the SDK's own console output: NONE (default here), ERROR, INFO, DEBUG"],
];

function wrap(text: string, width: number, indent: string): string {
  const words = text.split(/\s+/);
  const lines: string[] = [];
  let line = '';
  for (const w of words) {
    if (line && line.length + 1 + w.length > width) {
      lines.push(line);
      line = w;
    } else {
      line = line ? `${line} ${w}` : w;
    }
  }
  if (line) lines.push(line);
  return lines.map((l) => indent + l).join('\n');
}

/** An operator setting of an installed connector, for help. */
export interface ConnectorSettingHelp {
  connectorId: string;
  env: string;
  description: string;
  defaultText?: string;
}

/**
 * `connectors --help`: every command, flag and variable, generated from the settings table, plus
 * the settings of the connectors installed beside the runtime.
 */
export function helpText(connectorSettings: readonly ConnectorSettingHelp[] = []): string {
  const flags = SETTINGS.filter((s) => s.flag).map((s) => {
    const head = `  --${s.flag} <${s.valueName}>${s.multiple ? ' ...' : ''}`;
    return `${head.padEnd(34)} same as ${s.env}`;
  });
  const vars = SETTINGS.map((s) => {
    const head = `  ${s.env}${s.defaultText !== undefined ? ` (default ${s.defaultText})` : ''}`;
    return `${head}\n${wrap(s.description, 76, '      ')}`;
  });
  return [
    'Usage: connectors start [options]',
    '       connectors deploy <file or directory> ... [--tenant <ID>] [--timeout <SECONDS>]',
    '       connectors --version',
    '       connectors --help',
    '',
    'Runs Camunda 8 connectors written with @connectorkit/sdk: one job worker per outbound',
    'connector, an HTTP server with health, metrics and the list of connectors served.',
    '',
    'Commands:',
    '  start                              start the runtime; SIGTERM or SIGINT stops it gracefully',
    '  deploy <file or directory> ...     deploy BPMN (.bpmn), DMN (.dmn) and form (.form) files to the',
    '                                     engine of ZEEBE_GRPC_ADDRESS in one deployment; a directory',
    '                                     stands for its files of these kinds. Prints each process or',
    '                                     decision id, version and key. --tenant <ID>: tenant of the',
    '                                     deployment; --timeout <SECONDS>: wait for the engine (10).',
    '                                     Exit 0 deployed, 1 engine unreachable or refused, 2 usage',
    '                                     (missing file, unknown kind).',
    '',
    'Options (a flag wins over its variable):',
    ...flags,
    `${'  -h, --help'.padEnd(34)} show this help`,
    `${'  -v, --version'.padEnd(34)} print the version of @connectorkit/runtime`,
    '',
    'Environment variables:',
    ...vars,
    `  ${JOB_TYPE_PREFIX}<CONNECTOR_ID>`,
    wrap(
      'Job type served by one connector instead of its own. <CONNECTOR_ID> is the connector id in upper case with every run of other characters replaced by _ (io.connectorkit.http-json -> IO_CONNECTORKIT_HTTP_JSON).',
      76,
      '      ',
    ),
    ...(connectorSettings.length > 0
      ? [
          '',
          'Settings of the installed connectors:',
          ...connectorSettings.map(
            (c) => `  ${c.env}${c.defaultText !== undefined ? ` (default ${c.defaultText})` : ''}  [${c.connectorId}]\n${wrap(c.description, 76, '      ')}`,
          ),
        ]
      : []),
    '',
    'Engine connection (@camunda8/sdk variables, so SaaS, Self-Managed and a local engine work unchanged):',
    ...ENGINE_ENV.map(([k, d]) => `  ${k}\n${wrap(d, 76, '      ')}`),
    '',
    'Durations: milliseconds (30000), 500ms, 30s, 5m, 1h, or ISO-8601 (PT30S).',
    'HTTP endpoints: GET /health/live, /health/ready, /metrics, /connectors/outbound[/<type>], /inbound; webhooks at /inbound/<context>.',
    'Exit codes: 0 stopped normally; 1 failed to start; 2 invalid configuration or usage.',
    '',
  ].join('\n');
}
