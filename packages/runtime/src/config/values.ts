import { statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { parseIsoDuration } from '@connectorkit/sdk';
import { z } from 'zod';
import { LOG_FORMATS, LOG_LEVELS, type LogFormatSetting, type LogLevel } from '../observability/index.js';
import type { GrpcCompression } from './types.js';

/** zod schemas that turn one raw string (from a variable or a flag) into a value. Messages state the rule. */

export function wholeNumber(min: number, max: number): z.ZodType<number, string> {
  const rule = `must be a whole number from ${min} to ${max}`;
  return z
    .string()
    .trim()
    .regex(/^\d+$/, rule)
    .transform(Number)
    .refine((n) => n >= min && n <= max, rule);
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** `30000` (ms), `500ms`, `30s`, `5m`, `1h`, or ISO-8601 (`PT30S`). */
export function parseDuration(text: string): number {
  const t = text.trim();
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/i.exec(t);
  if (m) return Math.round(Number(m[1]) * UNIT_MS[(m[2] ?? 'ms').toLowerCase()]!);
  return parseIsoDuration(t);
}

export function duration(minMs: number, maxMs = 24 * 3_600_000): z.ZodType<number, string> {
  const rule = `must be a duration from ${minMs} ms to ${maxMs / 3_600_000} h: milliseconds (30000), 500ms, 30s, 5m, 1h or ISO-8601 (PT30S)`;
  return z.string().transform((s, ctx) => {
    let ms: number;
    try {
      ms = parseDuration(s);
    } catch {
      ctx.addIssue({ code: 'custom', message: rule });
      return z.NEVER;
    }
    if (!(ms >= minMs && ms <= maxMs)) {
      ctx.addIssue({ code: 'custom', message: rule });
      return z.NEVER;
    }
    return ms;
  });
}

const TRUE = new Set(['true', '1', 'yes', 'on']);
const FALSE = new Set(['false', '0', 'no', 'off']);

export const bool: z.ZodType<boolean, string> = z.string().transform((s, ctx) => {
  const v = s.trim().toLowerCase();
  if (TRUE.has(v)) return true;
  if (FALSE.has(v)) return false;
  ctx.addIssue({ code: 'custom', message: 'must be true or false' });
  return z.NEVER;
});

/** Comma-separated; blanks dropped. */
export const list: z.ZodType<string[], string> = z.string().transform((s) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean),
);

export const nonEmpty: z.ZodType<string, string> = z.string().trim().min(1, 'must not be empty');

/** One of a fixed list of words, whatever the case and surrounding blanks. */
function oneOf<T extends string>(choices: readonly T[]): z.ZodType<T, string> {
  return z.string().transform((s, ctx) => {
    const v = s.trim().toLowerCase();
    if ((choices as readonly string[]).includes(v)) return v as T;
    ctx.addIssue({ code: 'custom', message: `must be one of ${choices.join(', ')}` });
    return z.NEVER;
  });
}

export const logLevel: z.ZodType<LogLevel, string> = oneOf(LOG_LEVELS);

export const logFormat: z.ZodType<LogFormatSetting, string> = oneOf(LOG_FORMATS);

export const grpcCompression: z.ZodType<GrpcCompression, string> = oneOf<GrpcCompression>(['none', 'gzip']);

/** A prefix such as `SECRET_`, or `false`/`none` to turn environment secrets off. */
export const secretPrefix: z.ZodType<string | false, string> = z.string().transform((s, ctx) => {
  const v = s.trim();
  if (v === '') {
    ctx.addIssue({ code: 'custom', message: "must not be empty (use 'false' to turn environment secrets off)" });
    return z.NEVER;
  }
  if (['false', 'none', 'off'].includes(v.toLowerCase())) return false;
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(v)) {
    ctx.addIssue({ code: 'custom', message: 'must be letters, digits and _ (for example SECRET_), or false' });
    return z.NEVER;
  }
  return v;
});

/** Comma-separated directories that must exist; relative ones resolve against `cwd`. */
export function directories(cwd: string): z.ZodType<string[], string> {
  return list.transform((dirs, ctx) => {
    const out: string[] = [];
    for (const d of dirs) {
      const abs = isAbsolute(d) ? d : resolve(cwd, d);
      let ok = false;
      try {
        ok = statSync(abs).isDirectory();
      } catch {
        ok = false;
      }
      if (!ok) {
        ctx.addIssue({ code: 'custom', message: `must name existing directories; '${d}' is not one` });
        return z.NEVER;
      }
      out.push(abs);
    }
    return out;
  });
}

/** A Zeebe job type: no blanks. */
export const jobType: z.ZodType<string, string> = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .regex(/^\S+$/, 'must not contain blanks');
