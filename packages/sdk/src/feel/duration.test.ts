import { duration } from 'feelin';
import { describe, expect, it } from 'vitest';
import { durationToMillis } from './duration.js';

describe('durationToMillis', () => {
  it('converts FEEL durations, ISO strings and milliseconds', () => {
    expect(durationToMillis(duration('PT1M30S'), 'backoff')).toBe(90_000);
    expect(durationToMillis('P1D', 'backoff')).toBe(86_400_000);
    expect(durationToMillis(250, 'backoff')).toBe(250);
  });

  it('is undefined for null', () => {
    expect(durationToMillis(null, 'backoff')).toBeUndefined();
  });

  it('names what is wrong without echoing the value', () => {
    expect(() => durationToMillis('soon-ish', 'backoff')).toThrow(/^backoff must be a non-negative duration/);
    expect(() => durationToMillis('soon-ish', 'backoff')).not.toThrow(/soon-ish/);
    expect(() => durationToMillis(duration('P1Y'), 'backoff')).toThrow(/backoff must be/);
    expect(() => durationToMillis(true, 'backoff')).toThrow('backoff must be a duration, got a boolean');
  });
});
