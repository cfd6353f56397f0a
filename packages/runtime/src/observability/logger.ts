import { CodedError } from '../errors.js';
import { pino, type DestinationStream, type Logger } from 'pino';
import { MASK } from '@connectorkit/sdk';

/**
 * Fields whose value is a credential whatever it holds, replaced by `***` in every log line.
 * `*.x` matches one level down (`{ auth: { password } }`), `*.*.x` two levels down.
 */
const SECRET_KEYS = ['password', 'token', 'apiKey', 'clientSecret', 'client_secret', 'accessToken', 'refreshToken', 'secret'];
const SECRET_HEADERS = ['authorization', 'Authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-api-key'];

export const REDACTED_PATHS: readonly string[] = [
  ...SECRET_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`]),
  ...SECRET_HEADERS.flatMap((h) => [`headers["${h}"]`, `*.headers["${h}"]`, `*.*.headers["${h}"]`]),
];

export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** How log lines look: `json` (one object per line, for machines) or `pretty` (one readable line, for people). */
export type LogFormat = 'json' | 'pretty';
/** The setting: a format, or `auto` (pretty on a terminal, JSON otherwise). */
export type LogFormatSetting = LogFormat | 'auto';
export const LOG_FORMATS = ['auto', 'json', 'pretty'] as const satisfies readonly LogFormatSetting[];

export class LoggerConfigError extends CodedError<'LOG_LEVEL_INVALID'> {
  override readonly name = 'LoggerConfigError';
  constructor(message: string) {
    super('LOG_LEVEL_INVALID', message);
  }
}

export interface LoggerOptions {
  /** Minimum level written. Default: `LOG_LEVEL` from the environment, else `info`. Case-insensitive. */
  level?: string;
  /** Where JSON lines go. Default: standard output. */
  destination?: DestinationStream;
  /** `name` field of every line, e.g. `connector-runtime`. Default: none. */
  name?: string;
  /** More paths to redact, in pino's path syntax (`body.pin`, `*.privateKey`). */
  redact?: readonly string[];
  /** `json` (default) or `pretty`; see {@link resolveLogFormat} for `auto`. */
  format?: LogFormat;
  /** Colours in the pretty format. Default: on unless `NO_COLOR` is set. */
  colors?: boolean;
}

/** `auto` becomes `pretty` when the output is a terminal, `json` otherwise (pipes, files, containers). */
export function resolveLogFormat(setting: LogFormatSetting, isTTY: boolean | undefined): LogFormat {
  return setting === 'auto' ? (isTTY ? 'pretty' : 'json') : setting;
}

/** The level to use: the given one, else `LOG_LEVEL`, else `info`. Throws a coded error for an unknown name. */
export function resolveLogLevel(level: string | undefined = process.env.LOG_LEVEL): LogLevel {
  const normalized = (level ?? '').trim().toLowerCase() || 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(normalized)) {
    throw new LoggerConfigError(`Unknown log level '${level}': use one of ${LOG_LEVELS.join(', ')}`);
  }
  return normalized as LogLevel;
}

/**
 * The runtime's logger: one JSON object per line, `level` as a label (`"level":"info"`), ISO `time`,
 * and credential fields (authorization headers, passwords, tokens, API keys, client secrets) redacted.
 * Secret *values* in free text are masked by {@link maskingLogger}.
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const pinoOptions: pino.LoggerOptions = {
    level: resolveLogLevel(options.level),
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    redact: { paths: [...REDACTED_PATHS, ...(options.redact ?? [])], censor: MASK },
    ...(options.name !== undefined ? { name: options.name } : {}),
  };
  if (options.format === 'pretty') {
    const colors = options.colors ?? !process.env.NO_COLOR;
    return pino(pinoOptions, prettyLogDestination(options.destination ?? process.stdout, { colors }));
  }
  return options.destination ? pino(pinoOptions, options.destination) : pino(pinoOptions);
}

const LEVEL_COLOR: Record<string, string> = { trace: '90', debug: '36', info: '32', warn: '33', error: '31', fatal: '35' };
/** Fields shown in the head of a pretty line, or not at all. */
const HEAD_FIELDS = new Set(['level', 'time', 'msg', 'name', 'pid', 'hostname', 'component', 'err', 'v']);

function showValue(value: unknown): string {
  if (typeof value === 'string') return /^[^\s"=]+$/.test(value) ? value : JSON.stringify(value);
  return JSON.stringify(value) ?? String(value);
}

/**
 * Turns pino's JSON lines into one readable line each, without a worker thread or another
 * package: `12:04:05.123 INFO  [engine] engine connected  address=grpc://localhost:26500`.
 * An error shows as its type and message; its stack only at debug and trace.
 */
export function prettyLogDestination(out: { write(text: string): unknown }, options: { colors: boolean }): DestinationStream {
  const paint = (code: string, text: string) => (options.colors ? `\u001b[${code}m${text}\u001b[0m` : text);
  return {
    write(line: string) {
      let entry: Record<string, unknown>;
      try {
        entry = JSON.parse(line) as Record<string, unknown>;
      } catch {
        out.write(line);
        return;
      }
      const level = String(entry.level ?? 'info');
      const at = typeof entry.time === 'string' || typeof entry.time === 'number' ? new Date(entry.time) : new Date();
      const pad = (n: number, w = 2) => String(n).padStart(w, '0');
      const time = `${pad(at.getHours())}:${pad(at.getMinutes())}:${pad(at.getSeconds())}.${pad(at.getMilliseconds(), 3)}`;
      const parts = [paint('90', time), paint(LEVEL_COLOR[level] ?? '0', level.toUpperCase().padEnd(5))];
      if (typeof entry.component === 'string') parts.push(paint('36', `[${entry.component}]`));
      parts.push(String(entry.msg ?? ''));
      const fields = Object.entries(entry)
        .filter(([k]) => !HEAD_FIELDS.has(k))
        .map(([k, v]) => `${paint('90', `${k}=`)}${showValue(v)}`);
      let text = parts.join(' ') + (fields.length ? `  ${fields.join(' ')}` : '');
      const err = entry.err as { type?: string; message?: string; stack?: string; code?: string } | undefined;
      if (err && typeof err === 'object') {
        text += `  ${paint('31', `${err.type ?? 'Error'}${err.code ? ` ${err.code}` : ''}: ${err.message ?? ''}`)}`;
        if ((level === 'debug' || level === 'trace') && err.stack) text += `\n${paint('90', err.stack.split('\n').slice(1).join('\n'))}`;
      }
      out.write(`${text}\n`);
    },
  };
}
