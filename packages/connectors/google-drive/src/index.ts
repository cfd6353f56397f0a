import { googleDriveConnector } from './connector.js';

export { googleDriveConnector } from './connector.js';
export { ERROR_CODES } from './failures.js';
export { AUTH_TYPE, EVENTS, PATTERN_TYPE, type GoogleDriveInput } from './properties.js';
export type { DriveCursor } from './cursor.js';
export type { FileVariables } from './file-variables.js';

export default googleDriveConnector;
