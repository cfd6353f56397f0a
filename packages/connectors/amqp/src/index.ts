import { amqpConnector } from './connector.js';

export { amqpConnector } from './connector.js';
export { AUTH_TYPE, type AmqpProperties } from './properties.js';
export { DEFAULTS, ENV, type DeliverySettings } from './settings.js';
export type { MessageProperties, MessageVariables } from './message.js';

export default amqpConnector;
