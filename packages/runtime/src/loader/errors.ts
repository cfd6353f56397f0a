import { CodedError } from '../errors.js';

export type LoaderErrorCode =
  /** Two connectors would serve the same job type (or inbound type). */
  | 'DUPLICATE_CONNECTOR_TYPE'
  /** A module named in the configuration could not be found or imported. */
  | 'CONNECTOR_MODULE_FAILED'
  /** A module named in the configuration exports no connector. */
  | 'NO_CONNECTOR_IN_MODULE'
  /** A package's `connectorkit` field is malformed, or its entry cannot be resolved. */
  | 'INVALID_CONNECTOR_PACKAGE';

export class LoaderError extends CodedError<LoaderErrorCode> {
  override readonly name = 'LoaderError';
}
