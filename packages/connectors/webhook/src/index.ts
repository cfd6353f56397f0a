import { webhookConnector } from './connector.js';

export { webhookConnector } from './connector.js';
export { METHODS, HMAC_ALGORITHMS, AUTH_TYPES, DEFAULT_API_KEY_LOCATOR, type WebhookInput } from './properties.js';
export type { MappedRequest } from './request.js';

export default webhookConnector;
