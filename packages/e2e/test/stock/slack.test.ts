/**
 * A Slack task configured with Camunda's stock template (io.camunda.connectors.Slack.v1), run by our
 * runtime against the real local engine; Slack's Web API is faked at the HTTP boundary, so the real
 * @slack/web-api client runs.
 */
import slackConnector from '@connectorkit/connector-slack';
import { http, HttpResponse } from 'msw';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { deploy, RUN, testClient, type ZeebeClient } from '../support/engine.js';
import { VERSIONS } from './processes.js';
import { fakeThirdPartyApis, runToEnd, startStockRuntime } from './support.js';

const SLACK_TOKEN = 'xoxb-e2e-1111-2222-t0ken';

interface PostedForm {
  authorization: string | null;
  form: Record<string, string>;
  ts: string;
}
const posted: PostedForm[] = [];

const { unhandled } = fakeThirdPartyApis(
  http.post('https://slack.com/api/chat.postMessage', async ({ request }) => {
    const form = Object.fromEntries(new URLSearchParams(await request.text()));
    const ts = `1767225600.${String(posted.length + 1).padStart(6, '0')}`;
    posted.push({ authorization: request.headers.get('authorization'), form, ts });
    return HttpResponse.json({
      ok: true,
      channel: 'C0ORDERS01',
      ts,
      message: { type: 'message', user: 'U0BOT0001', bot_id: 'B0BOT0001', text: form.text ?? '', ts },
    });
  }),
);

let client: ZeebeClient;
let stopRuntime: () => Promise<void>;

beforeAll(async () => {
  client = testClient();
  for (const v of Object.values(VERSIONS.slack)) await deploy(client, `stock/slack-v${v}.bpmn`);
  ({ stop: stopRuntime } = await startStockRuntime([slackConnector], { SLACK_TOKEN }));
});

afterAll(async () => {
  await stopRuntime?.();
  await client?.close();
});

afterEach(() => {
  expect(unhandled).toEqual([]);
});

describe.each([
  ['for Camunda 8.8', VERSIONS.slack.forCamunda88],
  ['newest', VERSIONS.slack.newest],
])('Slack task from the stock template (%s, v%i)', (_, version) => {
  it('posts the message with chat.postMessage and completes with the result variable', async () => {
    const orderId = `o-${version}-${RUN}`;
    const text = `Order ${orderId} has shipped`;

    const result = await runToEnd(client, `stock-slack-v${version}`, { orderId });

    const requests = posted.filter((p) => p.form.text === text);
    expect(requests).toHaveLength(1);
    expect(requests[0]!.authorization).toBe(`Bearer ${SLACK_TOKEN}`);
    expect(requests[0]!.form).toMatchObject({ channel: '#orders', text });
    const ts = requests[0]!.ts;
    const message = { ts, channel: 'C0ORDERS01', message: { type: 'message', user: 'U0BOT0001', botId: 'B0BOT0001', text, ts } };
    // resultVariable, and the template's default resultExpression ({ myResponse: response }).
    expect(result.variables).toEqual({ orderId, slackMessage: message, myResponse: message });
  });
});
