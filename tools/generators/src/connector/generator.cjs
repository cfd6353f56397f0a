'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS on purpose: Nx loads a generator with require() and runs no TypeScript loader for it */
// nx g @connectorkit/generators:connector <name> --kind outbound|webhook|subscription|polling
const { execFileSync } = require('node:child_process');
const { join } = require('node:path');
const { logger } = require('@nx/devkit');
const { connectorFiles, KINDS } = require('./files.cjs');

const NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** Writes packages/connectors/<name>; afterwards (once the files are on disk) builds its element template. */
async function connectorGenerator(tree, options) {
  const name = String(options.name ?? '');
  const kind = options.kind ?? 'outbound';
  if (!NAME.test(name)) throw new Error(`connector name "${name}": use lower case letters, digits and single dashes (weather, order-events)`);
  if (!KINDS.includes(kind)) throw new Error(`--kind ${kind}: use one of ${KINDS.join(', ')}`);
  const root = `packages/connectors/${name}`;
  if (tree.exists(root)) throw new Error(`${root} already exists`);

  const { files, names } = connectorFiles(name, kind);
  for (const [path, content] of Object.entries(files)) tree.write(join(root, path), content);

  return () => {
    if (!options.skipTemplates) {
      const tsx = require.resolve('tsx/cli', { paths: [tree.root] });
      execFileSync(process.execPath, [tsx, '--conditions=@connectorkit/source', 'tools/templates/src/cli.ts', 'build'], { cwd: tree.root, stdio: 'inherit' });
    }
    logger.info(
      [
        `Created ${root} (${names.pkg}, ${kind}).`,
        'Next:',
        '  npm install                      # links the new workspace package (no download), so the runtime discovers it',
        `  npx nx run-many -t lint typecheck test build -p ${names.pkg}`,
        `  edit ${root}/src/connector.ts, then npm run templates -- build`,
      ].join('\n'),
    );
  };
}

module.exports = connectorGenerator;
module.exports.default = connectorGenerator;
