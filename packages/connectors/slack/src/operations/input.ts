import { ConnectorInputError } from '@connectorkit/sdk';
import type { SlackInput } from '../properties.js';

/** The `data.*` inputs, whichever operation. */
export type SlackData = NonNullable<SlackInput['data']>;

/** The value, or an input error naming the field when it is missing or blank. */
export function required<T>(value: T | undefined | null, field: string): T {
  if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
    throw ConnectorInputError.fromIssues([{ field, rule: 'is required' }]);
  }
  return value;
}
