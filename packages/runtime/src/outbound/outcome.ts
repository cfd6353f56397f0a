/** Outcomes of outbound jobs: defined in the SDK, where the testing kit builds the same ones. */
export {
  MAX_ERROR_MESSAGE_LENGTH,
  sealOutcome,
  truncateMessage,
  type JobOutcome,
  type KindedOutcome,
  type OutcomeKind,
} from '@connectorkit/sdk';
