import { httpJsonConnector } from './connector.js';

export {
  httpJsonConnector,
  createHttpJsonConnector,
  JOB_TYPE,
  type HttpJsonConnector,
  type HttpJsonConnectorOptions,
} from './connector.js';
export type { HttpJsonInput } from './properties.js';
export type { HttpJsonResult } from './response.js';
export { ERROR_CODES, type ErrorCode } from './error-codes.js';
export { ENV, DEFAULT_BLOCKED_HOSTS, DEFAULT_MAX_RESPONSE_BYTES } from './config.js';
export { OAuthTokenCache, type TokenCacheOptions } from './oauth-token-cache.js';
export type { Resolver, ResolvedAddress } from './resolver.js';
export default httpJsonConnector;
