import { describe, expect, it } from 'vitest';
import { engineTargetFromEnv, supportsJobStreaming } from './target.js';

describe('engineTargetFromEnv', () => {
  it('names the address and auth strategy the SDK will use, never a credential', () => {
    const env = { ZEEBE_GRPC_ADDRESS: 'grpcs://abc.bru-2.zeebe.camunda.io:443', CAMUNDA_AUTH_STRATEGY: 'OAUTH', ZEEBE_CLIENT_SECRET: 's3cr3t-value' };
    const target = engineTargetFromEnv(env);
    expect(target).toEqual({ address: 'grpcs://abc.bru-2.zeebe.camunda.io:443', authStrategy: 'OAUTH' });
    expect(JSON.stringify(target)).not.toContain('s3cr3t-value');
  });

  it("follows the SDK's defaults: local address, NONE, promoted to OAuth by an OAuth URL with client credentials", () => {
    expect(engineTargetFromEnv({})).toEqual({ address: 'grpc://localhost:26500', authStrategy: 'NONE' });
    expect(engineTargetFromEnv({ ZEEBE_ADDRESS: 'zeebe:26500' }).address).toBe('zeebe:26500');
    expect(engineTargetFromEnv({ CAMUNDA_OAUTH_URL: 'https://login', ZEEBE_CLIENT_ID: 'id', ZEEBE_CLIENT_SECRET: 'x' }).authStrategy).toBe('OAUTH (implicit)');
  });
});

describe('supportsJobStreaming', () => {
  it('is true from Zeebe 8.3 on', () => {
    expect(supportsJobStreaming('8.2.15')).toBe(false);
    expect(supportsJobStreaming('8.3.0')).toBe(true);
    expect(supportsJobStreaming('8.8.21')).toBe(true);
    expect(supportsJobStreaming('9.0.0-alpha1')).toBe(true);
    expect(supportsJobStreaming('7.99.0')).toBe(false);
  });
});
