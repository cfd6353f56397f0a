import { createRequire } from 'node:module';
import { lazyLoad } from '../lazy.js';

type Feelin = typeof import('feelin');

/**
 * feelin with its parser and date library (about 25 ms and a few MB to load): loaded on the first
 * FEEL expression that needs it, or by the runtime's warm-up once it is ready, not at start-up.
 * Synchronous, so `evaluateFeel` stays synchronous: `require` of an ES module (Node.js >= 20.19).
 */
export const feelin = lazyLoad('feelin', (): Feelin => createRequire(import.meta.url)('feelin') as Feelin);
