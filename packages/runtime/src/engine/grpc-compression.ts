import type { GrpcCompression } from '../config/types.js';
import { requireAs } from '../lazy-require.js';
import { SDK_PACKAGE } from './sdk-load.js';

/**
 * `@camunda8/sdk` (8.8) builds every gRPC channel with `grpc.default_compression_algorithm: 2`:
 * each message the client sends (a job completion with its variables, a few hundred bytes) is
 * gzipped, which costs about 0.2 ms of CPU per job on the main thread, the largest single item
 * of a REST job's cost in the lean benchmark. grpc-java, and with it Camunda's Java client,
 * sends uncompressed unless told otherwise. The SDK offers no option, so the runtime swaps
 * grpc-js's channel class (the one the SDK's grpc-js uses, found from the SDK's own location) for
 * a subclass that sets the algorithm the operator chose (`CONNECTORKIT_GRPC_COMPRESSION`, default
 * `none`). Responses are unaffected: the engine decides how it answers.
 *
 * Guarded like the stream tap: when grpc-js's module looks different, nothing changes and the
 * answer says why (the caller logs it once); the SDK then gzips as before.
 */

const ALGORITHM: Record<GrpcCompression, number> = { none: 0, gzip: 2 };
const OPTION = 'grpc.default_compression_algorithm';
const ORIGINAL = Symbol.for('connectorkit.grpc.originalChannel');
const CHOSEN = Symbol.for('connectorkit.grpc.compression');

type ChannelClass = new (target: string, credentials: unknown, options: Record<string, unknown>) => object;
interface ChannelModule {
  ChannelImplementation?: ChannelClass & { [ORIGINAL]?: ChannelClass };
}

/** The grpc-js `channel` module the SDK's clients construct their channels from. */
function channelModule(): ChannelModule {
  const grpcIndex = requireAs(SDK_PACKAGE).resolve('@grpc/grpc-js');
  return requireAs(grpcIndex)('./channel.js') as ChannelModule;
}

/**
 * Makes channels created from now on in this process send with `compression`. Returns undefined
 * when applied, else the reason it could not be (the SDK keeps its gzip).
 */
export function useGrpcCompression(compression: GrpcCompression): string | undefined {
  let mod: ChannelModule;
  try {
    mod = channelModule();
  } catch (e) {
    return `grpc-js's channel module was not found (${e instanceof Error ? e.message : String(e)})`;
  }
  const current = mod.ChannelImplementation;
  if (typeof current !== 'function') return "grpc-js's channel module has no ChannelImplementation";
  const original = current[ORIGINAL] ?? current;
  const algorithm = ALGORITHM[compression];
  (globalThis as Record<symbol, unknown>)[CHOSEN] = algorithm;
  if (current[ORIGINAL]) return undefined; // already swapped: the chosen algorithm is read per channel
  class Channel extends original {
    constructor(target: string, credentials: unknown, options: Record<string, unknown>) {
      const chosen = (globalThis as Record<symbol, unknown>)[CHOSEN];
      super(target, credentials, typeof chosen === 'number' ? { ...options, [OPTION]: chosen } : options);
    }
  }
  Object.defineProperty(Channel, ORIGINAL, { value: original });
  try {
    mod.ChannelImplementation = Channel as ChannelModule['ChannelImplementation'];
  } catch (e) {
    return `grpc-js's channel class cannot be replaced (${e instanceof Error ? e.message : String(e)})`;
  }
  return mod.ChannelImplementation === Channel ? undefined : "grpc-js's channel class cannot be replaced";
}
