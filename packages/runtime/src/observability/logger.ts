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
  return options.destination ? pino(pinoOptions, options.destination) : pino(pinoOptions);
}
