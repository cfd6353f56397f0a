import type { SecretProvider } from '@connectorkit/sdk';

export interface EnvSecretProviderOptions {
  /**
   * Only variables whose name starts with this prefix are secrets: `{{secrets.API_KEY}}` reads
   * `SECRET_API_KEY`, and `{{secrets.PATH}}` does not leak `$PATH`. Default `SECRET_`.
   * An empty prefix makes every environment variable readable by every process model; set it
   * only on purpose (Camunda calls this "unsafe mode").
   */
  prefix?: string;
  /** The variables to read from. Default `process.env`, read at each lookup. */
  env?: NodeJS.ProcessEnv;
}

/** Secrets from environment variables carrying a prefix. The name is used as written (case-sensitive). */
export function envSecretProvider(options: EnvSecretProviderOptions = {}): SecretProvider {
  const prefix = options.prefix ?? 'SECRET_';
  const env = options.env ?? process.env;
  return {
    getSecret(name) {
      if (name.length === 0) return undefined;
      const key = prefix + name;
      return Object.hasOwn(env, key) ? env[key] : undefined;
    },
  };
}
