/** Deployable BPMN models with inbound elements: the SDK's testing kit builds them (process ids and types carry the run suffix). */
export { catchModel, messageStartModel, startModel, stockWebhookProperties } from '@connectorkit/sdk/testing';
