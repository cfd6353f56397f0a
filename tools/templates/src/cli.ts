import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { findConnectorPackages } from './connectors.js';
import { publishTemplates, staleTemplates, writeTemplates } from './templates.js';

const USAGE = `Usage: npm run templates -- <command>

Commands:
  build              generate every connector's element templates into packages/connectors/*/element-templates and templates/,
                     keeping each new version in element-templates/versioned/ (refused when a template changed
                     without a version bump)
  check              fail when a committed template is missing, stale or invalid, changed without a version bump,
                     or when a kept version (element-templates/versioned/) was changed or removed
  publish [--to DIR] copy all templates into a Camunda Modeler element-templates folder
                     (default: $CAMUNDA_MODELER_TEMPLATES_DIR)`;

const root = join(fileURLToPath(import.meta.url), '..', '..', '..', '..');

async function main(): Promise<number> {
  const { positionals, values } = parseArgs({ allowPositionals: true, options: { to: { type: 'string' }, help: { type: 'boolean' } } });
  const command = positionals[0];
  if (values.help || !command) {
    console.log(USAGE);
    return values.help ? 0 : 2;
  }
  const packages = await findConnectorPackages(root);
  switch (command) {
    case 'build': {
      const files = await writeTemplates(root, packages);
      console.log(`wrote ${files.length} files for ${packages.reduce((n, p) => n + p.connectors.length, 0)} connectors`);
      return 0;
    }
    case 'check': {
      const problems = await staleTemplates(root, packages);
      if (problems.length === 0) {
        console.log('element templates are up to date and valid');
        return 0;
      }
      console.error(`element templates are out of date (run: npm run templates -- build):\n  ${problems.join('\n  ')}`);
      return 1;
    }
    case 'publish': {
      const target = values.to ?? process.env.CAMUNDA_MODELER_TEMPLATES_DIR;
      if (!target) {
        console.error('publish needs --to DIR or CAMUNDA_MODELER_TEMPLATES_DIR');
        return 2;
      }
      const written = await publishTemplates(root, packages, target);
      console.log(`copied ${written.length} templates to ${target}`);
      return 0;
    }
    default:
      console.error(`unknown command "${command}"\n${USAGE}`);
      return 2;
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
