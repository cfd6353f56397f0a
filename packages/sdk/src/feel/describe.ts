import { feelin } from './feelin.js';

/**
 * The FEEL type of a value (`string`, `context`, `list`, ...) for error messages: tells a user what
 * an expression produced without printing the value, which may hold data or secrets.
 */
export function feelTypeOf(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return 'string';
  if (typeof value === 'number' || typeof value === 'bigint') return 'number';
  if (typeof value === 'boolean') return 'boolean';
  if (Array.isArray(value)) return 'list';
  const { FeelDate, FeelDateTime, FeelDuration, FeelFunction, FeelRange, FeelTime } = feelin();
  if (value instanceof FeelFunction) return `function(${value.parameterNames.join(', ')})`;
  if (typeof value === 'function') return 'function';
  if (value instanceof FeelDuration) return 'duration';
  if (value instanceof FeelDateTime) return 'date and time';
  if (value instanceof FeelDate) return 'date';
  if (value instanceof FeelTime) return 'time';
  if (value instanceof FeelRange) return 'range';
  return 'context';
}

/** A plain object: the JavaScript form of a FEEL context. */
export function isContext(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
