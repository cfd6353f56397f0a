import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Constant-time equality of two strings (UTF-8). Both are hashed first, so neither the content
 * nor the length of the expected value leaks through timing.
 */
export function safeEqual(actual: string, expected: string): boolean {
  const a = createHash('sha256').update(actual, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b) && actual === expected;
}
