import { parseIsoDuration, toMillis } from '../duration.js';
import { feelin } from './feelin.js';
import { feelTypeOf } from './describe.js';
import { FeelError } from './errors.js';

/**
 * A backoff given by an expression, in milliseconds: a FEEL duration (`duration("PT5S")`,
 * `@"PT5S"`), an ISO-8601 duration string, or a number of milliseconds. Null or absent: undefined.
 * Years and months are refused (their length is not fixed), as are negative durations. Messages
 * name what was wrong, never the value.
 */
export function durationToMillis(value: unknown, what: string): number | undefined {
  if (value === null || value === undefined) return undefined;
  const invalid = () =>
    new FeelError(
      'FEEL_INVALID_ARGUMENT',
      `${what} must be a non-negative duration of weeks, days, hours, minutes or seconds (such as PT30S), or milliseconds`,
    );
  try {
    if (typeof value === 'string') return parseIsoDuration(value);
    if (typeof value === 'number') return toMillis(value);
    if (typeof value === 'object' && value instanceof feelin().FeelDuration) return parseIsoDuration(value.iso);
  } catch {
    throw invalid();
  }
  throw new FeelError('FEEL_INVALID_ARGUMENT', `${what} must be a duration, got a ${feelTypeOf(value)}`);
}
