export { envSecretProvider, type EnvSecretProviderOptions } from './env.js';
export { fileSecretProvider, secretFilePath, type FileSecretProviderOptions } from './file.js';
export { secretProviderFromConfig, type SecretsConfig } from './config.js';
export { SecretProviderError } from './errors.js';
