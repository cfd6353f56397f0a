import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where the stock-template processes live (written by generate.ts, committed). */
export const STOCK_BPMN_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../bpmn/stock');

/**
 * The stock template versions each connector is tested with: the newest one Modeler offers for a
 * Camunda 8.8 cluster (the local engine's line) and the newest one overall (engines ^8.10).
 */
export const VERSIONS = {
  rest: { forCamunda88: 12, newest: 18 },
  sendgrid: { forCamunda88: 5, newest: 6 },
  slack: { forCamunda88: 9, newest: 13 },
} as const;
