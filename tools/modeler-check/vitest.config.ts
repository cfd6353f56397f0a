import { defineConfig } from 'vitest/config';
import { sharedTestConfig } from '../../vitest.shared.js';

/** One browser, one engine, one runtime: a single file, several minutes at most. */
export default defineConfig(
  sharedTestConfig(import.meta.dirname, {
    globalSetup: ['./test/global-setup.ts'],
    setupFiles: ['./test/setup-env.ts'],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  }),
);
