import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

/**
 * Dependency direction is enforced here: connectors may import only the SDK; the SDK imports neither
 * the runtime nor @camunda8/sdk. A wrong import fails `npm test` (lint runs first).
 */
export default [
  { ignores: ['**/dist/**', '**/node_modules/**', '**/.nx/**', '**/coverage/**', 'tools/engine/target/**'] },
  ...nx.configs['flat/base'],
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.js', '**/*.mjs'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            {
              sourceTag: 'scope:sdk',
              onlyDependOnLibsWithTags: [],
              bannedExternalImports: ['@camunda8/sdk', '@camunda8/*', '@grpc/*'],
            },
            {
              sourceTag: 'scope:connector',
              onlyDependOnLibsWithTags: ['scope:sdk'],
              bannedExternalImports: ['@camunda8/sdk', '@camunda8/*'],
            },
            { sourceTag: 'scope:runtime', onlyDependOnLibsWithTags: ['scope:sdk'] },
            { sourceTag: 'scope:e2e', onlyDependOnLibsWithTags: ['scope:sdk', 'scope:runtime', 'scope:connector', 'scope:tools'] },
            { sourceTag: 'scope:tools', onlyDependOnLibsWithTags: ['scope:sdk', 'scope:runtime', 'scope:connector', 'scope:tools'] },
          ],
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Test configuration shares one root file; it is not package code.
    files: ['**/vitest.config.ts'],
    rules: { '@nx/enforce-module-boundaries': 'off' },
  },
];
