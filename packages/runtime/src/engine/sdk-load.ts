import { requireAs } from '../lazy-require.js';

type Sdk = typeof import('@camunda8/sdk');

/** Where the SDK's own dependencies (grpc-js, proto-loader) are resolved from. */
export const SDK_PACKAGE = '@camunda8/sdk/package.json';

const SHARED = Symbol.for('connectorkit.protoLoader.shared');
type LoadSync = ((file: string, options?: Record<string, unknown>) => unknown) & { [SHARED]?: true };

/**
 * Every gRPC client the SDK builds (one for commands, one more for the job streams) parses
 * `zeebe.proto` again with `@grpc/proto-loader` (25-45 ms each on a small machine). The parsed
 * definition is plain data that grpc-js only reads, so the runtime makes the SDK's proto-loader
 * answer a second load of the same file with the same options from the first. Guarded like the
 * compression patch: when the module looks different, nothing changes (the reason is returned).
 */
export function shareProtoDefinitions(): string | undefined {
  let loader: { loadSync?: LoadSync };
  try {
    loader = requireAs(SDK_PACKAGE)('@grpc/proto-loader') as { loadSync?: LoadSync };
  } catch (e) {
    return `@grpc/proto-loader was not found (${e instanceof Error ? e.message : String(e)})`;
  }
  const original = loader.loadSync;
  if (typeof original !== 'function') return '@grpc/proto-loader has no loadSync';
  if (original[SHARED]) return undefined;
  const parsed = new Map<string, unknown>();
  const shared: LoadSync = (file, options) => {
    const key = `${file}\0${optionsKey(options)}`;
    if (!parsed.has(key)) parsed.set(key, original(file, options));
    return parsed.get(key);
  };
  shared[SHARED] = true;
  loader.loadSync = shared;
  return loader.loadSync === shared ? undefined : "@grpc/proto-loader's loadSync cannot be replaced";
}

/** The options as a key: functions (`enums: String`) by name, the rest as JSON, in key order. */
function optionsKey(options: Record<string, unknown> | undefined): string {
  return Object.entries(options ?? {})
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${typeof v === 'function' ? `function ${v.name}` : JSON.stringify(v)}`)
    .join(',');
}

/**
 * `@camunda8/sdk`'s Zeebe module alone (the package has no `exports` map: its files are its
 * public paths), its gRPC clients sharing one parsed proto definition. (Its other heavy
 * dependencies, `got` and `winston`, cannot wait: the SDK uses them when it loads.)
 */
export async function loadZeebe(): Promise<Pick<Sdk['Zeebe'], 'ZeebeGrpcClient'>> {
  shareProtoDefinitions();
  return import('@camunda8/sdk/dist/zeebe/index.js');
}
