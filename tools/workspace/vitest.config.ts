import { defineConfig } from 'vitest/config';
import { sharedTestConfig } from '../../vitest.shared.js';

// The first lint builds the Nx project graph, which takes seconds on a busy 2-core machine.
export default defineConfig(sharedTestConfig(import.meta.dirname, { testTimeout: 60_000 }));
