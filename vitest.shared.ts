import type { ViteUserConfig } from 'vitest/config';

/** Test settings every package shares: sources resolved through the `@connectorkit/source` export condition. */
export function sharedTestConfig(root: string, overrides: ViteUserConfig['test'] = {}): ViteUserConfig {
  return {
    root,
    resolve: { conditions: ['@connectorkit/source'] },
    ssr: { resolve: { conditions: ['@connectorkit/source'] } },
    test: {
      include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
      typecheck: { include: ['src/**/*.test-d.ts', 'test/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
      passWithNoTests: false,
      // A hang guard, not a timing assertion: the machine has 2 cores shared by parallel Nx tasks.
      testTimeout: 30_000,
      ...overrides,
    },
  };
}
