import { inject } from 'vitest';

// @camunda8/sdk reads its configuration from the environment when first imported: set it first.
process.env.ZEEBE_GRPC_ADDRESS = inject('engine').grpcAddress;
process.env.CAMUNDA_AUTH_STRATEGY = 'NONE';
process.env.ZEEBE_REST_ADDRESS = inject('engine').httpBase;
