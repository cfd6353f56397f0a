import type { EngineTarget } from './types.js';

/**
 * Where the SDK will connect, read from the same standard variables it reads. For log lines and the
 * CLI banner: it names the address and the auth strategy, never a credential.
 */
export function engineTargetFromEnv(env: NodeJS.ProcessEnv = process.env): EngineTarget {
  const address = env.ZEEBE_GRPC_ADDRESS || env.ZEEBE_ADDRESS || 'grpc://localhost:26500';
  const strategy = env.CAMUNDA_AUTH_STRATEGY?.trim();
  if (strategy) return { address, authStrategy: strategy };
  // The SDK's rule: NONE, promoted to OAUTH when an OAuth URL and client credentials are present.
  const oauthImplied = Boolean(env.CAMUNDA_OAUTH_URL && env.ZEEBE_CLIENT_ID && env.ZEEBE_CLIENT_SECRET);
  return { address, authStrategy: oauthImplied ? 'OAUTH (implicit)' : 'NONE' };
}

/**
 * Whether a gateway of this version offers job streaming (`StreamActivatedJobs`, Zeebe 8.3+).
 * An unknown or unparsable version is taken as supported: a real gateway reports its version.
 */
export function supportsJobStreaming(gatewayVersion: string | undefined): boolean {
  const m = /^(\d+)\.(\d+)/.exec(gatewayVersion ?? '');
  if (!m) return true;
  const [major, minor] = [Number(m[1]), Number(m[2])];
  return major > 8 || (major === 8 && minor >= 3);
}
