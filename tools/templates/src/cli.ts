import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { findConnectorPackages } from './connectors.js';
import { describeChanges, desktopModelerTemplatesDir, publishEntries, publishToFolder, publishToWebModeler, type WebModelerFiles } from './publish.js';
import { staleTemplates, writeTemplates } from './templates.js';

const USAGE = `Usage: npm run templates -- <command>

Commands:
  build              generate every connector's element templates into packages/connectors/*/element-templates and templates/,
                     keeping each new version in element-templates/versioned/ (refused when a template changed
                     without a version bump)
  check              fail when a committed template is missing, stale or invalid, changed without a version bump,
                     or when a kept version (element-templates/versioned/) was changed or removed
  publish            publish every template (each kept version too) to one target:
    --to DIR           a folder, such as a Modeler element-templates folder (default: $CAMUNDA_MODELER_TEMPLATES_DIR)
    --desktop          Desktop Modeler's user element-templates folder for this operating system
    --web-modeler      a Web Modeler project through its API (newest version of each template; Web Modeler keeps
                       the history); --project ID or $CAMUNDA_MODELER_PROJECT_ID, and @camunda8/sdk's variables:
                       CAMUNDA_MODELER_BASE_URL, CAMUNDA_AUTH_STRATEGY, CAMUNDA_OAUTH_URL, ZEEBE_CLIENT_ID,
                       ZEEBE_CLIENT_SECRET, CAMUNDA_MODELER_OAUTH_AUDIENCE
    --dry-run          list what would be added or updated, change nothing`;

const root = join(fileURLToPath(import.meta.url), '..', '..', '..', '..');

async function webModelerClient(): Promise<WebModelerFiles> {
  // Loaded only for this target: the SDK is large and reads its configuration from the environment.
  const { Modeler } = await import('@camunda8/sdk');
  return new Modeler.ModelerApiClient() as unknown as WebModelerFiles;
}

async function main(): Promise<number> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      to: { type: 'string' },
      desktop: { type: 'boolean' },
      'web-modeler': { type: 'boolean' },
      project: { type: 'string' },
      'dry-run': { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });
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
      const dryRun = values['dry-run'] ?? false;
      const targets = [values.to !== undefined, values.desktop, values['web-modeler']].filter(Boolean).length;
      if (targets > 1) {
        console.error('publish takes one target: --to DIR, --desktop or --web-modeler');
        return 2;
      }
      const entries = await publishEntries(root, packages);
      if (values['web-modeler']) {
        const projectId = values.project ?? process.env.CAMUNDA_MODELER_PROJECT_ID;
        if (!projectId) {
          console.error('publish --web-modeler needs --project ID or CAMUNDA_MODELER_PROJECT_ID');
          return 2;
        }
        const changes = await publishToWebModeler(entries, await webModelerClient(), { projectId, dryRun });
        console.log(describeChanges(changes, dryRun));
        return 0;
      }
      const target = values.desktop ? desktopModelerTemplatesDir() : (values.to ?? process.env.CAMUNDA_MODELER_TEMPLATES_DIR);
      if (!target) {
        console.error('publish needs a target: --to DIR (or CAMUNDA_MODELER_TEMPLATES_DIR), --desktop or --web-modeler');
        return 2;
      }
      console.log(`${dryRun ? 'dry run: ' : ''}publishing to ${target}`);
      console.log(describeChanges(await publishToFolder(entries, target, { dryRun }), dryRun));
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
