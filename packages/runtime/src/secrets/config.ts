import { chainSecrets, type SecretProvider } from '@connectorkit/sdk';
import { envSecretProvider } from './env.js';
import { fileSecretProvider } from './file.js';

export interface SecretsConfig {
  /** Prefix of secret environment variables; `false` turns the environment off. Default `SECRET_`. */
  envPrefix?: string | false;
  /** Directories of secret files, asked in this order after the environment. Default none. */
  dirs?: readonly string[];
  /** Cache time for file secrets, see {@link fileSecretProvider}. Default 0 (read on every lookup). */
  fileCacheMs?: number;
  /** The environment to read. Default `process.env`. */
  env?: NodeJS.ProcessEnv;
}

/** The runtime's secret provider: the environment first, then each directory; the first that knows a secret wins. */
export function secretProviderFromConfig(config: SecretsConfig = {}): SecretProvider {
  const providers: SecretProvider[] = [];
  if (config.envPrefix !== false) {
    providers.push(envSecretProvider({ prefix: config.envPrefix ?? 'SECRET_', env: config.env }));
  }
  for (const dir of config.dirs ?? []) {
    providers.push(fileSecretProvider({ dir, cacheMs: config.fileCacheMs }));
  }
  return chainSecrets(...providers);
}
