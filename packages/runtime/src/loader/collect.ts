/** Connector definitions of an imported module: the SDK's manifest module, shared with the template tool. */
export { connectorsOf, type CollectedConnectors } from '@connectorkit/sdk/manifest';
