/**
 * A REST task configured with Camunda's stock template (io.camunda.connectors.HttpJson.v2), run by
 * our runtime against the real local engine; the REST API it calls is faked at the HTTP boundary.
 */
import { createHttpJsonConnector } from '@connectorkit/connector-http-json';
import { http, HttpResponse } from 'msw';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { deploy, RUN, testClient, type ZeebeClient } from '../support/engine.js';
import { VERSIONS } from './processes.js';
import { fakeThirdPartyApis, runToEnd, startStockRuntime } from './support.js';

const API_TOKEN = 'rest-e2e-token-7c1d9f';

interface SeenRequest {
  customerId: string;
  authorization: string | null;
  accept: string | null;
}
const seen: SeenRequest[] = [];
const customers = new Map<string, Record<string, unknown>>();

const { unhandled } = fakeThirdPartyApis(
  http.get('https://api.example.com/v1/customers/:id', ({ request, params }) => {
    const customerId = String(params.id);
    seen.push({ customerId, authorization: request.headers.get('authorization'), accept: request.headers.get('accept') });
    const customer = customers.get(customerId);
    return customer ? HttpResponse.json(customer) : HttpResponse.json({ error: `no customer ${customerId}` }, { status: 404 });
  }),
);

/**
 * The REST connector from its package, with one difference: host names resolve through this table.
 * The connector checks every host against its block list before connecting, which takes a DNS
 * lookup, and the machines these tests run on have no public DNS. msw answers the request itself.
 */
const rest = createHttpJsonConnector({
  resolver: async (host) => {
    if (host !== 'api.example.com') throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    return [{ address: '203.0.113.10', family: 4 }];
  },
});

let client: ZeebeClient;
let stopRuntime: () => Promise<void>;

beforeAll(async () => {
  client = testClient();
  for (const v of Object.values(VERSIONS.rest)) await deploy(client, `stock/rest-v${v}.bpmn`);
  ({ stop: stopRuntime } = await startStockRuntime([rest], { API_TOKEN }));
});

afterAll(async () => {
  await stopRuntime?.();
  await client?.close();
});

afterEach(() => {
  expect(unhandled).toEqual([]);
});

const requestsFor = (customerId: string) => seen.filter((r) => r.customerId === customerId);

describe.each([
  ['for Camunda 8.8', VERSIONS.rest.forCamunda88],
  ['newest', VERSIONS.rest.newest],
])('REST task from the stock template (%s, v%i)', (_, version) => {
  const bpmnProcessId = `stock-rest-v${version}`;

  it('GETs with the bearer token from {{secrets.API_TOKEN}} and completes with the resultExpression variables', async () => {
    const customerId = `c-${version}-${RUN}`;
    customers.set(customerId, { id: customerId, name: 'Ada Lovelace', tier: 'gold', since: 2019 });

    const result = await runToEnd(client, bpmnProcessId, { customerId });

    expect(result.variables).toEqual({ customerId, customerName: 'Ada Lovelace', customerTier: 'gold' });
    expect(requestsFor(customerId)).toEqual([{ customerId, authorization: `Bearer ${API_TOKEN}`, accept: 'application/json' }]);
  });

  it('routes a 404 through the errorExpression to the "Customer not found" boundary event', async () => {
    const customerId = `missing-${version}-${RUN}`;

    const result = await runToEnd(client, bpmnProcessId, { customerId });

    // customerFound comes from the boundary event's output mapping; no customerName: the result mapping did not run.
    expect(result.variables).toEqual({ customerId, customerFound: false });
    // A BPMN error is not retried: the API was asked once.
    expect(requestsFor(customerId)).toHaveLength(1);
  });
});
