import type { ActivatedJob, UnreadableVariable } from './types.js';

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

/** A number of the job's variables that a JavaScript number cannot hold exactly (kept as its JSON text). */
export class UnsafeNumber {
  constructor(readonly text: string) {}
}

interface LosslessNumberLike {
  isLosslessNumber: true;
  value: string;
}

const isLosslessNumber = (v: unknown): v is LosslessNumberLike =>
  typeof v === 'object' && v !== null && (v as { isLosslessNumber?: unknown }).isLosslessNumber === true && typeof (v as { value?: unknown }).value === 'string';

/** A JSON number as JavaScript reads it, or an {@link UnsafeNumber} for an integer beyond 2^53 (or beyond any double). */
function readNumber(text: string): number | UnsafeNumber {
  const n = Number(text);
  if (!Number.isFinite(n)) return new UnsafeNumber(text);
  if (/^-?\d+$/.test(text) && !Number.isSafeInteger(n)) return new UnsafeNumber(text);
  return n; // a fraction loses precision the way JSON.parse loses it
}

/** `found.unsafe` becomes true when an {@link UnsafeNumber} is made. */
function tolerate(value: unknown, found: { unsafe: boolean }): unknown {
  if (isLosslessNumber(value)) {
    const n = readNumber(value.value);
    if (n instanceof UnsafeNumber) found.unsafe = true;
    return n;
  }
  if (Array.isArray(value)) return value.map((v) => tolerate(v, found));
  if (value !== null && typeof value === 'object' && !(value instanceof UnsafeNumber)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = tolerate(v, found);
    return out;
  }
  return value;
}

/** The {@link TolerantVariables} that received an {@link UnsafeNumber}: only those are searched for it. */
const holdingUnsafe = new WeakSet<object>();

/**
 * The `inputVariableDto` the runtime hands `@camunda8/sdk` for job variables. Without it, the SDK
 * throws on an integer beyond 2^53, prints the whole job (every variable) with `console.error`,
 * and fails the job itself with no backoff, again and again. With it, such a number arrives as an
 * {@link UnsafeNumber} and {@link toActivatedJob} reports it, so the runtime fails the job once,
 * with an incident naming the variable. Every other number is read as `JSON.parse` reads it.
 */
export class TolerantVariables {
  constructor() {
    // The SDK assigns each top-level variable to an instance of this class, then converts the
    // numbers left in it (throwing on unsafe ones): convert them first, as each is assigned.
    return new Proxy(this, {
      set(target, key, value: unknown, receiver: object) {
        const found = { unsafe: false };
        const ok = Reflect.set(target, key, tolerate(value, found));
        if (found.unsafe) holdingUnsafe.add(receiver);
        return ok;
      },
    });
  }
}

function findUnreadable(value: unknown, path: string, into: UnreadableVariable[]): void {
  if (into.length >= 10) return;
  if (value instanceof UnsafeNumber) {
    const digits = value.text.replace(/^-/, '').length;
    into.push({
      path,
      rule: /^-?\d+$/.test(value.text)
        ? `holds an integer of ${digits} digits, beyond what the connector runtime can hold exactly (from -(2^53 - 1) to 2^53 - 1); pass it as a string`
        : 'holds a number beyond what the connector runtime can hold; pass it as a string',
    });
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => findUnreadable(v, `${path}[${i}]`, into));
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) findUnreadable(v, path === '' ? k : `${path}.${k}`, into);
  }
}

/** Converts a job from the SDK into the runtime's {@link ActivatedJob}: keys as strings, plain objects. */
export function toActivatedJob(job: SdkJobLike): ActivatedJob {
  const variables = plainObject(job.variables);
  const unreadable: UnreadableVariable[] = [];
  // Variables parsed through TolerantVariables say whether they hold an unsafe number; anything
  // else (another parser, a test) is searched.
  if (!(job.variables instanceof TolerantVariables) || holdingUnsafe.has(job.variables)) findUnreadable(variables, '', unreadable);
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
    variables,
    ...(unreadable.length > 0 ? { unreadable } : {}),
  };
}
