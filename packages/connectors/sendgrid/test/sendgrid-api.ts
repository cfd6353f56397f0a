/**
 * A fake SendGrid Mail Send endpoint (msw): records every request the real @sendgrid/mail makes and
 * answers as each test says (202 by default). Any other request fails the test.
 */
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';

export const MAIL_SEND_URL = 'https://api.sendgrid.com/v3/mail/send';

export const API_KEY = 'SG.test-key-4f1c9a7e2b';
export const SECRETS = { SENDGRID_API_KEY: API_KEY };

export interface ReceivedRequest {
  authorization: string | null;
  contentType: string | null;
  body: unknown;
}

type Answer = (request: Request, body: unknown) => Response | Promise<Response>;

export function accepted(messageId: string | null = 'msg-7Yq2-fake'): Response {
  return new HttpResponse(null, { status: 202, headers: messageId === null ? {} : { 'X-Message-Id': messageId } });
}

/** SendGrid's error body: `{ errors: [{ message, field, help }] }`. */
export function sendGridError(status: number, messages: string[], headers: Record<string, string> = {}): Response {
  return HttpResponse.json(
    { errors: messages.map((message, i) => ({ message, field: i === 0 ? 'from.email' : null, help: null })) },
    { status, headers },
  );
}

export function mockSendGrid() {
  const received: ReceivedRequest[] = [];
  let answer: Answer = () => accepted();
  const server = setupServer(
    http.post(MAIL_SEND_URL, async ({ request }) => {
      const body: unknown = await request.clone().json();
      received.push({
        authorization: request.headers.get('authorization'),
        contentType: request.headers.get('content-type'),
        body,
      });
      return answer(request, body);
    }),
  );
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => {
    received.length = 0;
    answer = () => accepted();
  });
  afterAll(() => server.close());
  return {
    received,
    /** How the fake answers the following requests of the current test. */
    answerWith(next: Answer) {
      answer = next;
    },
  };
}

/** Variables a task built with the stock template passes for a template mail (nested by the engine). */
export function templateMailVariables(data: unknown = { firstName: 'Jane', order_id: 4711 }) {
  return {
    apiKey: '{{secrets.SENDGRID_API_KEY}}',
    from: { name: 'Shop', email: 'shop@example.com' },
    to: { name: 'Jane Doe', email: 'jane@example.org' },
    unMappedFieldNotUseInModel: { mailType: 'byTemplate' },
    template: { id: 'd-5f1e2a3b4c5d6e7f8a9b0c1d2e3f4a5b', data },
  };
}

/** Variables for a simple mail with a subject and a body. */
export function contentMailVariables(content: Record<string, unknown> = { subject: 'Your order', value: 'It ships today.' }) {
  return {
    apiKey: '{{secrets.SENDGRID_API_KEY}}',
    from: { name: 'Shop', email: 'shop@example.com' },
    to: { name: 'Jane Doe', email: 'jane@example.org' },
    unMappedFieldNotUseInModel: { mailType: 'mail' },
    content,
  };
}
