import { parseArgs } from 'node:util';
import type { OperatorSetting } from '@connectorkit/sdk';
import { resolve } from 'node:path';
import { ConfigError, type ConfigIssue } from './errors.js';
import { defaultConfig, JOB_TYPE_PREFIX, normalizeConnectorId, SETTINGS, type Setting } from './settings.js';
import type { CliRequest, RuntimeConfig } from './types.js';
import { jobType } from './values.js';

export interface LoadConfigOptions {
  /** Default `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** Command-line arguments after the program name (`['start', '--port', '9000']`). Default none. */
  argv?: readonly string[];
  /** Default `process.cwd()`. */
  cwd?: string;
}

const COMMANDS = ['start', 'help'] as const;

/**
 * The one place configuration is read: environment variables, then command-line flags (a flag
 * wins over its variable), validated. Every invalid value is reported at once in a
 * {@link ConfigError} naming the variable or flag and the rule it breaks.
 */
export function parseCommandLine(options: LoadConfigOptions = {}): CliRequest {
  const env = options.env ?? process.env;
  const cwd = resolve(options.cwd ?? process.cwd());
  const flags = readFlags(options.argv ?? []);
  const config = buildConfig(env, flags.values, cwd);
  return { command: flags.help ? 'help' : flags.command, config };
}

/**
 * Checks the `CONNECTORKIT_*` variables the runtime itself does not know against the settings the
 * loaded connectors declare: each must be one of them and pass its check. Throws a
 * {@link ConfigError} naming every variable that is unknown or invalid.
 */
export function checkConnectorSettings(config: RuntimeConfig, connectors: readonly { id: string; settings?: readonly OperatorSetting[] }[]): void {
  const declared = new Map<string, OperatorSetting>();
  for (const c of connectors) for (const s of c.settings ?? []) declared.set(s.env, s);
  const issues: ConfigIssue[] = [];
  for (const [name, value] of Object.entries(config.connectorEnv)) {
    const setting = declared.get(name);
    if (!setting) {
      issues.push({ source: name, rule: 'is not a setting of the connector runtime or of a loaded connector (see connectors --help)' });
      continue;
    }
    if (value.trim() === '') continue;
    const rule = setting.check?.(value);
    if (rule !== undefined) issues.push({ source: name, value, rule });
  }
  if (issues.length > 0) throw new ConfigError(issues);
}

/** Configuration from the environment only (for embedding `startRuntime`). */
export function loadConfig(options: Omit<LoadConfigOptions, 'argv'> = {}): RuntimeConfig {
  return parseCommandLine({ ...options, argv: [] }).config;
}

interface Flags {
  command: CliRequest['command'];
  help: boolean;
  values: Map<Setting, string[]>;
}

function readFlags(argv: readonly string[]): Flags {
  const options: Record<string, { type: 'string' | 'boolean'; multiple?: boolean; short?: string }> = {
    help: { type: 'boolean', short: 'h' },
  };
  for (const s of SETTINGS) if (s.flag) options[s.flag] = { type: 'string', ...(s.multiple ? { multiple: true } : {}) };
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
  } catch (e) {
    const message = e instanceof Error ? e.message.split('\n')[0]! : String(e);
    throw new ConfigError([{ source: 'command line', rule: message }]);
  }
  const [command, ...extra] = parsed.positionals;
  if (command !== undefined && !(COMMANDS as readonly string[]).includes(command)) {
    throw new ConfigError([{ source: 'command line', rule: `unknown command '${command}' (commands: ${COMMANDS.join(', ')})` }]);
  }
  if (extra.length > 0) {
    throw new ConfigError([{ source: 'command line', rule: `unexpected argument '${extra[0]}'` }]);
  }
  const values = new Map<Setting, string[]>();
  for (const s of SETTINGS) {
    if (!s.flag) continue;
    const raw = parsed.values[s.flag];
    if (raw === undefined) continue;
    values.set(s, (Array.isArray(raw) ? raw : [raw]).map(String));
  }
  return { command: command as CliRequest['command'], help: parsed.values.help === true, values };
}

const KNOWN_ENV = new Set(SETTINGS.map((s) => s.env));

function buildConfig(env: NodeJS.ProcessEnv, flags: Map<Setting, string[]>, cwd: string): RuntimeConfig {
  const config = defaultConfig(cwd);
  const issues: ConfigIssue[] = [];

  for (const s of SETTINGS) {
    const fromFlag = flags.get(s);
    const fromEnv = env[s.env];
    let raw: string | undefined;
    let source: string;
    if (fromFlag !== undefined) {
      raw = s.multiple ? fromFlag.join(',') : fromFlag[fromFlag.length - 1];
      source = `--${s.flag}`;
    } else if (fromEnv !== undefined && fromEnv.trim() !== '') {
      // An empty variable counts as unset (as container platforms often pass them).
      raw = fromEnv;
      source = s.env;
    } else {
      continue;
    }
    const result = s.apply(config, raw ?? '', cwd);
    if (!result.success) {
      issues.push({ source, value: raw, rule: result.error.issues[0]?.message ?? 'is invalid' });
    }
  }

  for (const [name, value] of Object.entries(env)) {
    if (value === undefined || !name.startsWith('CONNECTORKIT_') || KNOWN_ENV.has(name)) continue;
    if (name.startsWith(JOB_TYPE_PREFIX)) {
      const id = normalizeConnectorId(name.slice(JOB_TYPE_PREFIX.length));
      const result = jobType.safeParse(value);
      if (!id) issues.push({ source: name, rule: `must name a connector: ${JOB_TYPE_PREFIX}<CONNECTOR_ID>` });
      else if (!result.success) issues.push({ source: name, value, rule: result.error.issues[0]?.message ?? 'is invalid' });
      else config.connectors.jobTypes[id] = result.data;
      continue;
    }
    // Maybe a connector's own setting: checked once the connectors are loaded (checkConnectorSettings).
    config.connectorEnv[name] = value;
  }

  if (issues.length > 0) throw new ConfigError(issues);
  return config;
}
