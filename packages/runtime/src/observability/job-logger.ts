import { maskingLogger } from '@connectorkit/sdk';
import type { Level, LogFn, Logger } from 'pino';

/** The parts of a Zeebe job that identify it in a log line. */
export interface JobLogFields {
  key: string;
  type: string;
  processInstanceKey: string;
  bpmnProcessId?: string;
  processDefinitionKey?: string;
  elementId?: string;
  elementInstanceKey?: string;
  tenantId?: string;
}

/** What a job's code logs with. */
export type JobLogger = Pick<Logger, 'debug' | 'info' | 'warn' | 'error'>;

/**
 * A logger for one job: every line carries `jobKey`, `jobType`, `processInstanceKey` (and the
 * other identifying fields the job has), and the given secret values are masked in every spelling
 * (the SDK's `maskingLogger`; the list is read on every line, so values added later count).
 *
 * The pino child behind it is built on the first line written at an enabled level: a job that
 * logs nothing (the usual case at `info`) costs no child logger. Measured with tools/bench
 * (`npm run bench:micro`): building the child for every job was most of the runtime's per-job CPU.
 */
export function jobLogger(logger: Logger, job: JobLogFields, secrets: readonly string[] = []): JobLogger {
  let child: Logger | undefined;
  const build = (): Logger => {
    const bindings: Record<string, string> = { jobKey: job.key, jobType: job.type, processInstanceKey: job.processInstanceKey };
    for (const k of ['bpmnProcessId', 'processDefinitionKey', 'elementId', 'elementInstanceKey', 'tenantId'] as const) {
      const v = job[k];
      if (v !== undefined) bindings[k] = v;
    }
    return logger.child(bindings);
  };
  let masked: ReturnType<typeof maskingLogger> | undefined;
  const at = (level: Level): LogFn =>
    ((...args: Parameters<LogFn>) => {
      if (!logger.isLevelEnabled(level)) return;
      child ??= build();
      if (secrets.length === 0) return child[level](...args);
      masked ??= maskingLogger(child, secrets);
      const [obj, msg] = args as unknown as [object | string, string | undefined];
      masked[level as 'debug' | 'info' | 'warn' | 'error'](obj, msg);
    }) as LogFn;
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
