import { createRequire } from 'node:module';
import { lazyLoad } from '../lazy.js';

type Feelin = typeof import('feelin');

/**
 * feelin with its parser and date library (about 25 ms and a few MB to load): loaded on the first
 * FEEL expression that needs it, or by the runtime's warm-up once it is ready, not at start-up.
 * Synchronous, so `evaluateFeel` stays synchronous: `require` of an ES module (Node.js >= 20.19).
 * One small expression is evaluated on load: the parser's first run compiles its code (about
 * 5 ms), which a first job would otherwise pay when it comes before the warm-up is done.
 */
export const feelin = lazyLoad('feelin', (): Feelin => {
  const mod = createRequire(import.meta.url)('feelin') as Feelin;
  mod.evaluate('{ a: b.c, d: if e > 1 then "x" else null }', { b: { c: 1 }, e: 2 });
  return mod;
});
