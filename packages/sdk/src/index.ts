export * from './properties.js';
export * from './infer.js';
export * from './definition.js';
export * from './context.js';
export * from './errors.js';
export * from './duration.js';
export * from './secrets.js';
export * from './validation.js';
export * from './template/generate.js';

/** The zod the SDK validates with, for `p.json({ schema })`: one instance for connector and SDK. */
export { z } from 'zod';
export * from './feel/index.js';
export * from './inbound/poll-cycle.js';
export * from './outbound/index.js';
export * from './transport-errors.js';
export * from './inbound/bind.js';
export { lazyLoad, warmLazyLoads, type WarmReport } from './lazy.js';
