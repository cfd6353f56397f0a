/**
 * The one place that talks to Slack: a WebClient set up so that every failure reaches the
 * connector (no retries or rate-limit sleeps inside the library; the job's retries and backoff
 * decide), and a `call` that turns Slack's answers into typed results or connector errors.
 */
import { maskSecrets, type ConnectorLogger } from '@connectorkit/sdk';
import type { FetchFunction, LogLevel, Logger, WebClient } from '@slack/web-api';
import type { z } from 'zod';
import { malformedResponse, slackFailure } from './failure.js';

export interface SlackApi {
  /**
   * Calls a Web API method (`chat.postMessage`, ...) and checks the fields we use of its answer.
   * Throws a ConnectorError (or ConnectorRetryError on a rate limit) for anything but a good answer.
   */
  call<T>(method: string, args: Record<string, unknown>, answer: z.ZodType<T>): Promise<T>;
}

export interface SlackApiOptions {
  /** Aborts requests in flight (runtime shutdown, job timeout). */
  signal?: AbortSignal;
  log: ConnectorLogger;
  /** Per-request timeout in milliseconds (default 30 s). */
  timeoutMs?: number;
  /** Base URL of the Web API (default Slack's own). */
  slackApiUrl?: string;
}

const DEFAULT_TIMEOUT_MS = 30_000;

/** The library's log lines, passed to the connector's logger with the token masked (it never logs it; belt and braces). */
function loggerFor(log: ConnectorLogger, secret: string): Logger {
  const text = (parts: unknown[]) =>
    maskSecrets(parts.map((m) => (typeof m === 'string' ? m : JSON.stringify(m))).join(' '), [secret]);
  let level = 'debug' as LogLevel;
  return {
    debug: (...m: unknown[]) => log.debug({ component: 'slack-web-api' }, text(m)),
    info: (...m: unknown[]) => log.info({ component: 'slack-web-api' }, text(m)),
    warn: (...m: unknown[]) => log.warn({ component: 'slack-web-api' }, text(m)),
    error: (...m: unknown[]) => log.error({ component: 'slack-web-api' }, text(m)),
    setLevel: (l: LogLevel) => void (level = l),
    getLevel: () => level,
    setName: () => {},
  };
}

/** globalThis.fetch, looked up per request (so test interceptors installed later apply), also aborted by `signal`. */
function fetchWith(signal: AbortSignal | undefined): FetchFunction {
  return (input, init) => {
    const signals = [init?.signal, signal].filter((s): s is AbortSignal => s !== undefined && s !== null);
    const combined = signals.length > 1 ? AbortSignal.any(signals) : signals[0];
    return globalThis.fetch(input, { ...init, signal: combined });
  };
}

/**
 * `@slack/web-api` (and its axios) is loaded on the first call, not when the connector loads: a
 * runtime that serves no Slack job never pays for it in start-up time or memory.
 */
let library: Promise<typeof import('@slack/web-api')> | undefined;
const loadLibrary = () => (library ??= import('@slack/web-api'));

async function webClient(token: string, options: SlackApiOptions): Promise<WebClient> {
  const { WebClient } = await loadLibrary();
  return new WebClient(token, {
    logger: loggerFor(options.log, token),
    // A 429 is rejected at once with its Retry-After, and nothing is retried inside the library:
    // the job's retries and backoff decide, and the process sees every failure.
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 0 },
    timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    fetch: fetchWith(options.signal),
    ...(options.slackApiUrl ? { slackApiUrl: options.slackApiUrl } : {}),
  });
}

/** A Slack API bound to one token. The token stays inside the WebClient's Authorization header. */
export function slackApi(token: string, options: SlackApiOptions): SlackApi {
  let client: Promise<WebClient> | undefined;
  return {
    async call(method, args, answer) {
      let result: unknown;
      try {
        result = await (await (client ??= webClient(token, options))).apiCall(method, args);
      } catch (error) {
        throw slackFailure(error, method, token);
      }
      const parsed = answer.safeParse(result);
      if (!parsed.success) throw malformedResponse(method, parsed.error.issues.map((i) => i.path.join('.') || '(answer)'));
      return parsed.data;
    },
  };
}
