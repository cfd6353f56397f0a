import { CodedError } from '../errors.js';

/** A secret source failed for a reason other than "this secret does not exist" (permissions, I/O). */
export class SecretProviderError extends CodedError<'SECRET_READ_FAILED'> {
  override readonly name = 'SecretProviderError';
  constructor(message: string, options: { cause?: unknown } = {}) {
    super('SECRET_READ_FAILED', message, options);
  }
}
