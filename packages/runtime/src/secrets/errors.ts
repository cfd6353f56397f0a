/** A secret source failed for a reason other than "this secret does not exist" (permissions, I/O). */
export class SecretProviderError extends Error {
  readonly code: 'SECRET_READ_FAILED';
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'SecretProviderError';
    this.code = 'SECRET_READ_FAILED';
  }
}
