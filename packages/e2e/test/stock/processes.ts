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

/**
 * Stock REST template versions of the parity models (rest-parity.test.ts): the last one without a
 * read timeout, the only one with a write timeout, the one that introduced storeResponse and
 * skipEncoding, the one for Camunda 8.8, the one that introduced clientTls, and the newest.
 */
export const PARITY_VERSIONS = {
  noReadTimeout: 6,
  writeTimeout: 7,
  storeResponse: 10,
  forCamunda88: 12,
  clientTls: 15,
  newest: 18,
} as const;
