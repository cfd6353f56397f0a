import { defineConfig } from 'vitest/config';
import { sharedTestConfig } from '../../vitest.shared.js';

// The test generates a connector into a copy of the workspace and runs its targets there: minutes, not seconds.
export default defineConfig(sharedTestConfig(import.meta.dirname, { testTimeout: 240_000, hookTimeout: 60_000 }));
