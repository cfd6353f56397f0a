import { describe, expect, it } from 'vitest';
import { DEFAULT_BLOCKED_HOSTS, DEFAULT_MAX_RESPONSE_BYTES, parseBlockedHosts, parseSize, settingsFromEnv } from './config.js';

describe('settings from the environment', () => {
  it('defaults: the cloud metadata endpoints and link-local addresses, 50 MB per response, 256 MB in flight', () => {
    expect(settingsFromEnv({})).toEqual({
      blockedHosts: ['169.254.0.0/16', 'fe80::/10', 'fd00:ec2::254', 'fd00:ec2::23', '100.100.100.200', 'metadata.google.internal'],
      maxResponseBytes: 50 * 1024 * 1024,
      maxResponseMemoryBytes: 256 * 1024 * 1024,
    });
  });

  it('reads sizes in bytes, KB, MB and GB', () => {
    expect(parseSize('1048576')).toBe(1024 * 1024);
    expect(parseSize('512KB')).toBe(512 * 1024);
    expect(parseSize('2 mb')).toBe(2 * 1024 * 1024);
    expect(parseSize('1G')).toBe(1024 ** 3);
    expect(parseSize('')).toBe(DEFAULT_MAX_RESPONSE_BYTES);
    expect(() => parseSize('lots')).toThrow('CONNECTORKIT_HTTP_MAX_RESPONSE_SIZE must be a size such as 52428800, 512KB or 50MB, got "lots"');
    expect(() => parseSize('0')).toThrow(TypeError);
  });

  it('reads the block list: commas or spaces, "default" for the built-in entries, empty for none', () => {
    expect(parseBlockedHosts('10.0.0.0/8 , *.corp.example')).toEqual(['10.0.0.0/8', '*.corp.example']);
    expect(parseBlockedHosts('default 10.0.0.0/8')).toEqual([...DEFAULT_BLOCKED_HOSTS, '10.0.0.0/8']);
    expect(parseBlockedHosts('')).toEqual([]);
    expect(parseBlockedHosts(undefined)).toEqual([...DEFAULT_BLOCKED_HOSTS]);
  });
});
