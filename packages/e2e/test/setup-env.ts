import { inject } from 'vitest';

// @camunda8/sdk reads its configuration from the environment when first imported: set it first.
const engine = inject('engine');
process.env.ZEEBE_GRPC_ADDRESS = engine.grpcAddress;
process.env.CAMUNDA_AUTH_STRATEGY = 'NONE';
delete process.env.ZEEBE_REST_ADDRESS;
