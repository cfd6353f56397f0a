/**
 * Operator settings of the REST connector, read from the environment once, when the connector is
 * created. A malformed value fails loudly at that moment instead of at the first job.
 */

export const ENV = {
  blockedHosts: 'CONNECTORKIT_HTTP_BLOCKED_HOSTS',
  maxResponseSize: 'CONNECTORKIT_HTTP_MAX_RESPONSE_SIZE',
  maxResponseMemory: 'CONNECTORKIT_HTTP_MAX_RESPONSE_MEMORY',
} as const;

/**
 * Cloud metadata and credential endpoints, and link-local addresses: all of `169.254.0.0/16`
 * (AWS/Azure/GCP/OpenStack metadata `169.254.169.254`, ECS task credentials `169.254.170.2`, EKS Pod
 * Identity `169.254.170.23`), IPv6 link-local `fe80::/10`, AWS IPv6 metadata `fd00:ec2::254`, EKS Pod
 * Identity `fd00:ec2::23`, Alibaba Cloud `100.100.100.200`, GCP by name.
 */
export const DEFAULT_BLOCKED_HOSTS: readonly string[] = [
  '169.254.0.0/16',
  'fe80::/10',
  'fd00:ec2::254',
  'fd00:ec2::23',
  '100.100.100.200',
  'metadata.google.internal',
];

export const DEFAULT_MAX_RESPONSE_BYTES = 50 * 1024 * 1024;

/** Default budget for the bytes of all responses in flight together. */
export const DEFAULT_MAX_RESPONSE_MEMORY_BYTES = 256 * 1024 * 1024;

export interface HttpJsonSettings {
  /** Host names (`*.example.com` for subdomains), IP addresses and CIDR ranges no request may reach. */
  blockedHosts: readonly string[];
  /** Largest response body (after decompression) read into memory, in bytes. */
  maxResponseBytes: number;
  /** Budget for the bytes of all responses in flight together. */
  maxResponseMemoryBytes: number;
}

export type Environment = Readonly<Record<string, string | undefined>>;

/**
 * `CONNECTORKIT_HTTP_BLOCKED_HOSTS`: entries separated by commas or white space; the word
 * `default` stands for {@link DEFAULT_BLOCKED_HOSTS}. Unset: the defaults. Set but empty: nothing is blocked.
 */
export function parseBlockedHosts(value: string | undefined): string[] {
  if (value === undefined) return [...DEFAULT_BLOCKED_HOSTS];
  const entries = value.split(/[\s,]+/).filter((e) => e !== '');
  return [...new Set(entries.flatMap((e) => (e.toLowerCase() === 'default' ? DEFAULT_BLOCKED_HOSTS : [e])))];
}

const UNITS: Record<string, number> = { '': 1, b: 1, k: 1024, kb: 1024, m: 1024 ** 2, mb: 1024 ** 2, g: 1024 ** 3, gb: 1024 ** 3 };

/** `CONNECTORKIT_HTTP_MAX_RESPONSE_SIZE`: bytes, or a number with `KB`, `MB` or `GB` (powers of 1024). */
export function parseSize(
  value: string | undefined,
  name: string = ENV.maxResponseSize,
  fallback: number = DEFAULT_MAX_RESPONSE_BYTES,
): number {
  if (value === undefined || value.trim() === '') return fallback;
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmg]?b?)\s*$/i.exec(value);
  const bytes = m ? Math.floor(Number(m[1]) * UNITS[m[2]!.toLowerCase()]!) : NaN;
  if (!Number.isFinite(bytes) || bytes < 1) {
    throw new TypeError(`${name} must be a size such as 52428800, 512KB or 50MB, got "${value}"`);
  }
  return bytes;
}

export function settingsFromEnv(env: Environment): HttpJsonSettings {
  return {
    blockedHosts: parseBlockedHosts(env[ENV.blockedHosts]),
    maxResponseBytes: parseSize(env[ENV.maxResponseSize]),
    maxResponseMemoryBytes: parseSize(env[ENV.maxResponseMemory], ENV.maxResponseMemory, DEFAULT_MAX_RESPONSE_MEMORY_BYTES),
  };
}
