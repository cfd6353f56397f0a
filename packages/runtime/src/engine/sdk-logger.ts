import type { ConnectorLogger } from '@connectorkit/sdk';

/** The logger shape `@camunda8/sdk` accepts (winston-like). */
export interface SdkLogger {
  info(message: string | undefined, ...meta: unknown[]): void;
  warn(message: string | undefined, ...meta: unknown[]): void;
  error(message: string | undefined, ...meta: unknown[]): void;
  debug(message: string | undefined, ...meta: unknown[]): void;
  trace(message: string | undefined, ...meta: unknown[]): void;
}

/**
 * Routes the SDK's own messages into the runtime's logger, tagged `component: "camunda8-sdk"`.
 * Its chatter (info, debug) goes to debug; warnings and errors stay warnings. Only the message
 * text is kept: the SDK's extra arguments may hold request payloads.
 */
export function sdkLogger(logger: ConnectorLogger): SdkLogger {
  const line = (level: 'debug' | 'warn') => (message: string | undefined) => {
    logger[level]({ component: 'camunda8-sdk' }, typeof message === 'string' ? message : String(message));
  };
  return { info: line('debug'), debug: line('debug'), trace: line('debug'), warn: line('warn'), error: line('warn') };
}
