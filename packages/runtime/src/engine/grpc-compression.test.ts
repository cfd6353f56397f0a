import { createServer, type Http2Server, type IncomingHttpHeaders } from 'node:http2';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GrpcCompression } from '../config/types.js';
import { createLogger } from '../observability/logger.js';
import { createEngineClient } from './client.js';

/**
 * What the engine client really sends: a plain HTTP/2 server records the headers of each gRPC
 * call (`grpc-encoding` says whether the message is compressed) and answers UNIMPLEMENTED.
 */
describe('gRPC compression of what the runtime sends to the engine', () => {
  let server: Http2Server;
  const seen: IncomingHttpHeaders[] = [];
  const env = { ...process.env };

  beforeAll(async () => {
    server = createServer();
    server.on('stream', (stream, headers) => {
      seen.push(headers);
      stream.on('data', () => {});
      stream.on('end', () => {
        stream.respond({ ':status': 200, 'content-type': 'application/grpc' }, { waitForTrailers: true });
        stream.on('wantTrailers', () => stream.sendTrailers({ 'grpc-status': '12', 'grpc-message': 'not here' }));
        stream.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    process.env.ZEEBE_GRPC_ADDRESS = `grpc://127.0.0.1:${(server.address() as AddressInfo).port}`;
    process.env.CAMUNDA_AUTH_STRATEGY = 'NONE';
  });
  afterAll(async () => {
    process.env = env;
    await new Promise((resolve) => server.close(resolve));
  });

  async function encodingOfACall(grpcCompression?: GrpcCompression): Promise<string | undefined> {
    seen.length = 0;
    const logger = createLogger({ level: 'silent' });
    const engine = await createEngineClient({ logger, topologyTimeoutMs: 5000, ...(grpcCompression ? { grpcCompression } : {}) });
    try {
      await expect(engine.topology()).rejects.toThrow();
    } finally {
      await engine.close(1000);
    }
    const call = seen.find((h) => String(h[':path']).endsWith('/Topology'));
    expect(call, 'the Topology call reached the server').toBeDefined();
    return call!['grpc-encoding'] as string | undefined;
  }

  it('sends uncompressed with none (the runtime default)', async () => {
    expect(await encodingOfACall('none')).toBeUndefined();
  });

  it('gzips with gzip, as @camunda8/sdk does on its own', async () => {
    expect(await encodingOfACall('gzip')).toBe('gzip');
  });

  it('refuses at once, without sending, a command larger than the engine takes uncompressed', async () => {
    seen.length = 0;
    const engine = await createEngineClient({ logger: createLogger({ level: 'silent' }), grpcCompression: 'none' });
    try {
      await expect(engine.completeJob('2251799813685249', { blob: 'y'.repeat(5 * 1024 * 1024) })).rejects.toMatchObject({
        code: 'ENGINE_REJECTED',
        message: expect.stringMatching(/\d{7} bytes of variables are too large for the engine's maximum message size/),
      });
      expect(seen.some((h) => String(h[':path']).endsWith('/CompleteJob'))).toBe(false);
    } finally {
      await engine.close(1000);
    }
  });
});
