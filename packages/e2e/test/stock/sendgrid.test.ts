/**
 * A SendGrid task configured with Camunda's stock template (io.camunda.connectors.SendGrid.v2), run
 * by our runtime against the real local engine; SendGrid's Mail Send API is faked at the HTTP
 * boundary, so the real @sendgrid/mail client runs.
 */
import sendGridConnector from '@connectorkit/connector-sendgrid';
import { http, HttpResponse } from 'msw';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { deploy, RUN, testClient, type ZeebeClient } from '../support/engine.js';
import { VERSIONS } from './processes.js';
import { fakeThirdPartyApis, runToEnd, startStockRuntime } from './support.js';

const SENDGRID_API_KEY = 'SG.e2e-key-3b8f0a';

interface SentMail {
  authorization: string | null;
  body: Record<string, unknown>;
  messageId: string;
}
const sent: SentMail[] = [];

const { unhandled } = fakeThirdPartyApis(
  http.post('https://api.sendgrid.com/v3/mail/send', async ({ request }) => {
    const messageId = `msg-${sent.length + 1}-${RUN}`;
    sent.push({ authorization: request.headers.get('authorization'), body: (await request.json()) as Record<string, unknown>, messageId });
    return new HttpResponse(null, { status: 202, headers: { 'X-Message-Id': messageId } });
  }),
);

let client: ZeebeClient;
let stopRuntime: () => Promise<void>;

beforeAll(async () => {
  client = testClient();
  for (const v of Object.values(VERSIONS.sendgrid)) await deploy(client, `stock/sendgrid-v${v}.bpmn`);
  ({ stop: stopRuntime } = await startStockRuntime([sendGridConnector], { SENDGRID_API_KEY }));
});

afterAll(async () => {
  await stopRuntime?.();
  await client?.close();
});

afterEach(() => {
  expect(unhandled).toEqual([]);
});

/** The mails whose template data carries this order id. */
const mailsFor = (orderId: string) =>
  sent.filter((m) => JSON.stringify(m.body.personalizations ?? '').includes(JSON.stringify(orderId)));

describe.each([
  ['for Camunda 8.8', VERSIONS.sendgrid.forCamunda88],
  ['newest', VERSIONS.sendgrid.newest],
])('SendGrid task from the stock template (%s, v%i)', (_, version) => {
  it('sends the dynamic-template mail and completes with the result variable', async () => {
    const orderId = `o-${version}-${RUN}`;
    const variables = { orderId, total: 99.5, customer: { name: 'Jane Doe', email: 'jane.doe@example.org' } };

    const result = await runToEnd(client, `stock-sendgrid-v${version}`, variables);

    const mails = mailsFor(orderId);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.authorization).toBe(`Bearer ${SENDGRID_API_KEY}`);
    expect(mails[0]!.body).toEqual({
      from: { email: 'shop@acme.example', name: 'ACME Shop' },
      personalizations: [
        {
          to: [{ email: 'jane.doe@example.org', name: 'Jane Doe' }],
          dynamic_template_data: { orderId, total: 99.5 },
        },
      ],
      template_id: 'd-8e3b1f0c2a4d4e6f9b7a5c3d1e2f4a6b',
    });
    expect(result.variables).toEqual({ ...variables, mailResult: { statusCode: 202, messageId: mails[0]!.messageId } });
  });
});
