import { describe, expect, it } from 'vitest';
import { requireAs } from '../lazy-require.js';
import { SDK_PACKAGE, shareProtoDefinitions } from './sdk-load.js';

describe("the SDK's gRPC clients share one parsed zeebe.proto", () => {
  const fromSdk = requireAs(SDK_PACKAGE);
  const loader = fromSdk('@grpc/proto-loader') as { loadSync(file: string, options?: object): Record<string, unknown> };
  const proto = fromSdk.resolve('@camunda8/sdk/dist/proto/zeebe.proto');
  // What the SDK's GrpcClient passes (8.8).
  const options = { defaults: true, enums: String, keepCase: true, longs: String, oneofs: true };

  it('answers a second load of the same file with the same options from the first, and parses anew otherwise', () => {
    expect(shareProtoDefinitions()).toBeUndefined();
    expect(shareProtoDefinitions()).toBeUndefined(); // once is enough: not wrapped twice
    const first = loader.loadSync(proto, options);
    expect(Object.keys(first)).toContain('gateway_protocol.Gateway');
    expect(loader.loadSync(proto, { ...options })).toBe(first);
    expect(loader.loadSync(proto, { oneofs: true, longs: String, keepCase: true, enums: String, defaults: true })).toBe(first);
    const numbers = loader.loadSync(proto, { ...options, longs: Number });
    expect(numbers).not.toBe(first);
    expect(Object.keys(numbers)).toEqual(Object.keys(first));
  });
});
