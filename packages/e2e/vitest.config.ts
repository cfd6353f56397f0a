import { defineConfig } from 'vitest/config';
import { sharedTestConfig } from '../../vitest.shared.js';

/**
 * End-to-end tests against the real local engine (tools/engine). The global setup starts it when
 * none is running and fails the run with a clear message when it cannot. Files run one after the
 * other: they share the engine, and the machine has 2 cores.
 */
export default defineConfig(
  sharedTestConfig(import.meta.dirname, {
    globalSetup: ['./test/global-setup.ts'],
    setupFiles: ['./test/setup-env.ts'],
    fileParallelism: false,
    testTimeout: 90_000,
    hookTimeout: 60_000,
  }),
);
