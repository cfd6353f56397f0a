import { sendGridConnector } from './connector.js';

export { sendGridConnector };
export type { SendGridInput, MailType } from './properties.js';
export type { SendGridResult } from './send.js';
export { ERROR_CODES } from './failure.js';
export default sendGridConnector;
