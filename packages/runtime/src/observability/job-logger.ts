import type { Logger } from 'pino';
import { maskingLogger } from './masking.js';

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

/**
 * A child logger for one job: every line carries `jobKey`, `jobType`, `processInstanceKey` (and the
 * other identifying fields the job has), and the job's resolved secret values are masked.
 */
export function jobLogger(logger: Logger, job: JobLogFields, secrets: readonly string[] = []): Logger {
  const bindings: Record<string, string> = { jobKey: job.key, jobType: job.type, processInstanceKey: job.processInstanceKey };
  for (const k of ['bpmnProcessId', 'processDefinitionKey', 'elementId', 'elementInstanceKey', 'tenantId'] as const) {
    const v = job[k];
    if (v !== undefined) bindings[k] = v;
  }
  return maskingLogger(logger, secrets).child(bindings);
}
