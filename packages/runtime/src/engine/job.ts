import type { ActivatedJob } from './types.js';

/** The fields of a job as `@camunda8/sdk` hands it over (variables and headers already parsed). */
export interface SdkJobLike {
  key: string;
  type: string;
  processInstanceKey: string;
  processDefinitionKey?: string;
  bpmnProcessId: string;
  elementId: string;
  elementInstanceKey: string;
  retries: number;
  deadline: string | number;
  customHeaders?: unknown;
  variables?: unknown;
  tenantId?: string;
}

function plainObject(value: unknown): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return {};
  // The SDK parses into class instances (LosslessDto): copy the own fields into a plain object.
  return { ...(value as Record<string, unknown>) };
}

function headers(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(plainObject(value))) {
    if (v === undefined || v === null) continue;
    out[k] = typeof v === 'string' ? v : JSON.stringify(v);
  }
  return out;
}

/** Converts a job from the SDK into the runtime's {@link ActivatedJob}: keys as strings, plain objects. */
export function toActivatedJob(job: SdkJobLike): ActivatedJob {
  const tenantId = job.tenantId ? String(job.tenantId) : undefined;
  return {
    info: {
      key: String(job.key),
      type: String(job.type),
      processInstanceKey: String(job.processInstanceKey),
      processDefinitionKey: String(job.processDefinitionKey ?? ''),
      bpmnProcessId: String(job.bpmnProcessId),
      elementId: String(job.elementId),
      elementInstanceKey: String(job.elementInstanceKey),
      retries: Number(job.retries),
      deadline: Number(job.deadline),
      customHeaders: Object.freeze(headers(job.customHeaders)),
      ...(tenantId ? { tenantId } : {}),
    },
    variables: plainObject(job.variables),
  };
}
