/** The task headers an outbound job acts on: read by the SDK, the same code the testing kit runs. */
export { HEADER, InvalidHeaderError, readOutboundHeaders, type HeaderName, type OutboundHeaders } from '@connectorkit/sdk';
