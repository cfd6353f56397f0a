import { afterAll, expect, inject } from 'vitest';
import { linesLeakingSecrets } from './support/log-capture.js';

// @camunda8/sdk reads its configuration from the environment when first imported: set it first.
const engine = inject('engine');
process.env.ZEEBE_GRPC_ADDRESS = engine.grpcAddress;
process.env.CAMUNDA_AUTH_STRATEGY = 'NONE';
delete process.env.ZEEBE_REST_ADDRESS;

// Every runtime this file started logged at debug into the capture: no line may hold a secret,
// in any spelling. (The hardening tests check incidents and variables too.)
afterAll(() => {
  expect(linesLeakingSecrets()).toEqual([]);
});
