import { describe, expect, it } from 'vitest';
import { headerValue, retryDelayMs } from './rate-limit.js';

const now = Date.parse('2025-03-01T12:00:00Z');

describe('retryDelayMs', () => {
  it('reads Retry-After in seconds', () => {
    expect(retryDelayMs({ 'retry-after': '30' }, now)).toBe(30_000);
    expect(retryDelayMs({ 'Retry-After': '1.5' }, now)).toBe(1_500);
  });

  it('reads Retry-After as an HTTP date, never below zero', () => {
    expect(retryDelayMs({ 'retry-after': 'Sat, 01 Mar 2025 12:01:00 GMT' }, now)).toBe(60_000);
    expect(retryDelayMs({ 'retry-after': 'Sat, 01 Mar 2025 11:59:00 GMT' }, now)).toBe(0);
  });

  it('falls back to X-RateLimit-Reset (epoch seconds)', () => {
    expect(retryDelayMs({ 'x-ratelimit-reset': String(now / 1000 + 12) }, now)).toBe(12_000);
    expect(retryDelayMs({ 'X-RateLimit-Reset': String(now / 1000 - 5) }, now)).toBe(0);
  });

  it('prefers Retry-After over X-RateLimit-Reset', () => {
    expect(retryDelayMs({ 'retry-after': '3', 'x-ratelimit-reset': String(now / 1000 + 60) }, now)).toBe(3_000);
  });

  it('gives undefined when no header is usable', () => {
    expect(retryDelayMs(undefined, now)).toBeUndefined();
    expect(retryDelayMs({}, now)).toBeUndefined();
    expect(retryDelayMs({ 'retry-after': 'soon', 'x-ratelimit-reset': '-1' }, now)).toBeUndefined();
  });
});

describe('headerValue', () => {
  it('finds a header whatever the case of its name, taking the first of repeated values', () => {
    expect(headerValue({ 'X-Message-Id': ' abc ' }, 'x-message-id')).toBe('abc');
    expect(headerValue({ 'set-cookie': ['a', 'b'] }, 'Set-Cookie')).toBe('a');
    expect(headerValue({ other: 'x' }, 'x-message-id')).toBeUndefined();
  });
});
