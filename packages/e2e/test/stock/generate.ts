/**
 * Writes `bpmn/stock/*.bpmn`: one process per connector and template version, whose service task is
 * configured with Camunda's stock element template exactly as Modeler applies it (see modeler.ts).
 * The templates are read from Camunda's npm package, which this repository does not depend on (it is
 * under the Camunda License; we read it, we do not ship it); the generated files are committed, so
 * the tests never need it.
 *
 *   mkdir -p /tmp/stock-e2e && cd /tmp/stock-e2e && npm init -y && npm i @camunda/connectors-element-templates
 *   npx tsx packages/e2e/test/stock/generate.ts \
 *     /tmp/stock-e2e/node_modules/@camunda/connectors-element-templates/src/element-templates
 *
 * Versions: see VERSIONS in processes.ts (and PARITY_VERSIONS for the REST parity models).
 * A second argument writes only the files whose names start with it (`rest-parity`).
 */
import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { applyTemplate, bpmnFile, type ElementTemplate, type FieldValues, type StockProcess } from './modeler.js';
import { PARITY_VERSIONS, STOCK_BPMN_DIR, VERSIONS } from './processes.js';

interface Spec {
  file: string;
  templateFile: string;
  templateId: string;
  version: number;
  values: FieldValues;
  process: Omit<StockProcess, 'task' | 'provenance'> & { task: { id: string; name: string } };
}

const REST: FieldValues = {
  'authentication.type': 'bearer',
  'authentication.token': '{{secrets.API_TOKEN}}',
  method: 'GET',
  url: '="https://api.example.com/v1/customers/" + customerId',
  headers: '={Accept: "application/json"}',
  resultExpression: '={\n  customerName: response.body.name,\n  customerTier: response.body.tier\n}',
  errorExpression: '=if error.code = "404" then bpmnError("NOT_FOUND", error.message) else null',
};

const restProcess = (version: number): Spec['process'] => ({
  processId: `stock-rest-v${version}`,
  processName: `Stock REST template v${version}: get a customer`,
  task: { id: 'GetCustomer', name: 'Get customer' },
  endId: 'CustomerLoaded',
  endName: 'Customer loaded',
  boundary: {
    id: 'CustomerNotFound',
    name: 'Customer not found',
    errorCode: 'NOT_FOUND',
    outputs: [{ source: '=false', target: 'customerFound' }],
    endId: 'NoCustomer',
    endName: 'No customer',
  },
});

const SENDGRID: FieldValues = {
  apiKey: '{{secrets.SENDGRID_API_KEY}}',
  'from.name': 'ACME Shop',
  'from.email': 'shop@acme.example',
  'to.name': '=customer.name',
  'to.email': '=customer.email',
  'unMappedFieldNotUseInModel.mailType': 'byTemplate',
  'template.id': 'd-8e3b1f0c2a4d4e6f9b7a5c3d1e2f4a6b',
  'template.data': '={\n  orderId: orderId,\n  total: total\n}',
  resultVariable: 'mailResult',
};

const sendGridProcess = (version: number): Spec['process'] => ({
  processId: `stock-sendgrid-v${version}`,
  processName: `Stock SendGrid template v${version}: confirm an order`,
  task: { id: 'SendConfirmation', name: 'Send order confirmation' },
  endId: 'ConfirmationSent',
  endName: 'Confirmation sent',
});

const SLACK: FieldValues = {
  token: '{{secrets.SLACK_TOKEN}}',
  method: 'chat.postMessage',
  'data.text': '="Order " + orderId + " has shipped"',
  'data.channel': '#orders',
  resultVariable: 'slackMessage',
};

const slackProcess = (version: number): Spec['process'] => ({
  processId: `stock-slack-v${version}`,
  processName: `Stock Slack template v${version}: announce a shipment`,
  task: { id: 'AnnounceShipment', name: 'Announce shipment' },
  endId: 'ShipmentAnnounced',
  endName: 'Shipment announced',
});

/**
 * The REST parity models (rest-parity.test.ts): the URL from a variable; the result expression reads
 * what differed from Camunda's runtime (header names as sent, reason, document); any failure goes to
 * a boundary event with its code. Each version adds the fields it introduced.
 */
const PARITY_RESULT =
  '={\n  contentType: get value(response.headers, "Content-Type"),\n  date: response.headers.Date,\n  via: response.headers.Via,\n' +
  '  cookies: get value(response.headers, "Set-Cookie"),\n  reason: response.reason,\n' +
  '  fields: for e in get entries(response) return e.key,\n  document: response.document,\n  responseBody: response.body\n}';
const PARITY_ERROR = '=if error = null then null else bpmnError("REST_FAILED", error.message, {failedCode: error.code})';
const TLS_FIELDS: FieldValues = {
  'clientTls.clientCertificate': '{{secrets.PARITY_CLIENT_CERT}}',
  'clientTls.clientPrivateKey': '{{secrets.PARITY_CLIENT_KEY}}',
  'clientTls.privateKeyPassword': '{{secrets.PARITY_KEY_PASSWORD}}',
  'clientTls.trustedCertificate': '{{secrets.PARITY_CA_CERT}}',
};
const PARITY_FIELDS: Record<number, FieldValues> = {
  // v6: no read timeout yet (Camunda falls back to the connection timeout).
  [PARITY_VERSIONS.noReadTimeout]: { connectionTimeoutInSeconds: '1' },
  // v7: the only version with a write timeout.
  [PARITY_VERSIONS.writeTimeout]: { method: 'POST', body: '=payload', writeTimeoutInSeconds: '1' },
  [PARITY_VERSIONS.storeResponse]: {},
  [PARITY_VERSIONS.forCamunda88]: {},
  [PARITY_VERSIONS.clientTls]: TLS_FIELDS,
  // newest: read timeout cleared (falls back to the connection timeout of 1 s).
  [PARITY_VERSIONS.newest]: { ...TLS_FIELDS, connectionTimeoutInSeconds: 1, readTimeoutInSeconds: null },
};
const parityProcess = (version: number, documents: boolean): Spec['process'] => ({
  processId: `rest-parity${documents ? '-doc' : ''}-v${version}`,
  processName: `REST parity, stock template v${version}${documents ? ': response as a document' : ''}`,
  task: { id: 'CallApi', name: 'Call API' },
  endId: 'Called',
  endName: 'Called',
  boundary: {
    id: 'CallFailed',
    name: 'Call failed',
    errorCode: 'REST_FAILED',
    outputs: [{ source: '=failedCode', target: 'failedCode' }],
    endId: 'Failed',
    endName: 'Failed',
  },
});
const paritySpec = (version: number, extra: FieldValues, documents = false): Spec => ({
  file: `rest-parity${documents ? '-doc' : ''}-v${version}.bpmn`,
  templateFile: 'http-json-connector.json',
  templateId: 'io.camunda.connectors.HttpJson.v2',
  version,
  // The document models have no error expression: what the engine shows is the incident itself.
  values: { method: 'GET', url: '=url', ...extra, resultExpression: PARITY_RESULT, ...(documents ? {} : { errorExpression: PARITY_ERROR }) },
  process: parityProcess(version, documents),
});

const SPECS: Spec[] = [
  ...Object.entries(PARITY_FIELDS).map(([v, extra]) => paritySpec(Number(v), extra)),
  // A model that asks for Camunda's document store: storeResponse (v10 to v16) and the DOCUMENT format (v17+).
  paritySpec(PARITY_VERSIONS.storeResponse, { storeResponse: true }, true),
  paritySpec(PARITY_VERSIONS.newest, { documentReturnFormat: 'DOCUMENT' }, true),
  ...[VERSIONS.rest.forCamunda88, VERSIONS.rest.newest].map((v) => ({
    file: `rest-v${v}.bpmn`,
    templateFile: 'http-json-connector.json',
    templateId: 'io.camunda.connectors.HttpJson.v2',
    version: v,
    values: REST,
    process: restProcess(v),
  })),
  ...[VERSIONS.sendgrid.forCamunda88, VERSIONS.sendgrid.newest].map((v) => ({
    file: `sendgrid-v${v}.bpmn`,
    templateFile: 'sendgrid-outbound-connector.json',
    templateId: 'io.camunda.connectors.SendGrid.v2',
    version: v,
    values: SENDGRID,
    process: sendGridProcess(v),
  })),
  ...[VERSIONS.slack.forCamunda88, VERSIONS.slack.newest].map((v) => ({
    file: `slack-v${v}.bpmn`,
    templateFile: 'slack-outbound-connector.json',
    templateId: 'io.camunda.connectors.Slack.v1',
    version: v,
    values: SLACK,
    process: slackProcess(v),
  })),
];

async function main(dir: string | undefined, only: string | undefined): Promise<void> {
  if (!dir) throw new Error('usage: generate.ts <element-templates directory of @camunda/connectors-element-templates>');
  const pkg = JSON.parse(await readFile(resolve(dir, '../../package.json'), 'utf8')) as { name: string; version: string };
  for (const spec of SPECS) {
    if (only && !spec.file.startsWith(only)) continue;
    const templates = JSON.parse(await readFile(resolve(dir, spec.templateFile), 'utf8')) as ElementTemplate[];
    const template = templates.find((t) => t.id === spec.templateId && t.version === spec.version && !t.deprecated);
    if (!template) throw new Error(`${spec.templateFile}: no ${spec.templateId} version ${spec.version}`);
    const applied = applyTemplate(template, spec.values);
    const provenance =
      `Generated by packages/e2e/test/stock/generate.ts: "${template.name}" (${template.id} v${template.version}, ` +
      `engines camunda ${template.engines?.camunda ?? 'any'}) from ${pkg.name} ${pkg.version}, applied as Modeler does (icon left out)`;
    const xml = bpmnFile({ ...spec.process, provenance, task: { ...spec.process.task, applied } });
    await writeFile(resolve(STOCK_BPMN_DIR, spec.file), xml);
    console.log(`${spec.file}: ${template.id} v${template.version} (camunda ${template.engines?.camunda}), ${applied.inputs.length} inputs, ${applied.headers.length} headers`);
  }
}

await main(process.argv[2], process.argv[3]);
