import { Module, createRequire } from 'node:module';

const fromRuntime = createRequire(import.meta.url);

/**
 * `require` as a dependency of the runtime resolves (`packageFile` is a file of that package, found
 * from the runtime: `fastify/package.json`, `@camunda8/sdk/package.json`): what that package loads,
 * in the versions it gets, which need not be the runtime's own.
 */
export function requireAs(packageFile: string): NodeJS.Require {
  return createRequire(fromRuntime.resolve(packageFile));
}

/**
 * A CommonJS library that a dependency `require`s when it loads but uses only inside functions
 * that start-up never calls (`semver`, used by fastify to check a plugin's version range; not the
 * SDK's `got`, which the SDK extends while it loads). Issue #15: time to ready.
 */
export interface DeferredLibrary {
  /** The package that requires it (its `package.json` or any file in it, resolvable from the runtime), e.g. `fastify/package.json`. */
  requiredBy: string;
  /** What it requires, e.g. `semver`. */
  library: string;
  /**
   * What `require(library).__esModule` is. TypeScript's and Babel's `__importDefault` read it at
   * once, when the requiring module loads, so the stand-in must answer it without loading the
   * library (checked against the real library by the runtime's tests).
   */
  esModule: boolean;
}

export type DeferOutcome = 'deferred' | 'already loaded' | 'not found';

/**
 * Puts a stand-in for `library`, as `requiredBy` resolves it, into Node's module cache (which
 * Node documents as open to additions): `require()` returns it at once, and the first use of
 * any of its properties loads the real library, which from then on is the one in the cache.
 * The stand-in only forwards property reads, `in`, keys and descriptors, so it suits libraries
 * whose exports object is used through its properties (`semver.satisfies`, `got.default`), not
 * one that is called itself.
 */
export function deferRequire(d: DeferredLibrary): DeferOutcome {
  let fromPackage: NodeJS.Require;
  let file: string;
  try {
    fromPackage = requireAs(d.requiredBy);
    file = fromPackage.resolve(d.library);
  } catch {
    return 'not found';
  }
  const cache = fromPackage.cache;
  if (cache[file]) return 'already loaded';
  const standIn = new Module(file);
  let real: object | undefined;
  const load = (): object => {
    if (real === undefined) {
      if (cache[file] === standIn) delete cache[file];
      real = fromPackage(file) as object;
    }
    return real;
  };
  standIn.filename = file;
  standIn.loaded = true;
  standIn.exports = new Proxy(
    {},
    {
      get: (_target, key) => (key === '__esModule' && real === undefined ? d.esModule : Reflect.get(load(), key)),
      has: (_target, key) => Reflect.has(load(), key),
      ownKeys: () => Reflect.ownKeys(load()),
      // Reported configurable: the stand-in's own (empty) target must not contradict it.
      getOwnPropertyDescriptor: (_target, key) => {
        const found = Reflect.getOwnPropertyDescriptor(load(), key);
        return found && { ...found, configurable: true };
      },
      set: (_target, key, value) => Reflect.set(load(), key, value),
      defineProperty: (_target, key, descriptor) => Reflect.defineProperty(load(), key, descriptor),
      deleteProperty: (_target, key) => Reflect.deleteProperty(load(), key),
      getPrototypeOf: () => Reflect.getPrototypeOf(load()),
    },
  );
  cache[file] = standIn;
  return 'deferred';
}
