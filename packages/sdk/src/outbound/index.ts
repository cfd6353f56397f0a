export { HEADER, InvalidHeaderError, readOutboundHeaders, type HeaderName, type OutboundHeaders } from './headers.js';
export { MAX_ERROR_MESSAGE_LENGTH, sealOutcome, truncateMessage, type JobOutcome, type KindedOutcome, type OutcomeKind } from './outcome.js';
export { describeThrown, executeOutboundJob, type ErrorInfo, type OutboundJob, type OutboundJobDeps } from './execute.js';
