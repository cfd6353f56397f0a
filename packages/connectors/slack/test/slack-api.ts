/**
 * A fake Slack Web API for tests (msw): records what the real @slack/web-api client sends and
 * answers with what each test says. Any request no test expects fails the request (and so the test).
 */
import { http, HttpResponse, type JsonBodyType } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';

export const SLACK_API = 'https://slack.com/api';
export const TOKEN = 'xoxb-1111-2222-s3cr3tT0kenValue';

/** One request Slack received. */
export interface SlackRequest {
  /** Web API method: the last segment of the path (`chat.postMessage`). */
  method: string;
  authorization: string | null;
  contentType: string | null;
  /** The form fields (the client sends `application/x-www-form-urlencoded`). */
  form: Record<string, string>;
}

export type Answer = Response | ((request: SlackRequest) => Response);

/** Slack's usual answer: HTTP 200 with `{ ok: true, ...body }`. */
export const ok = (body: Record<string, JsonBodyType> = {}) => HttpResponse.json({ ok: true, ...body });
/** Slack's error answer: HTTP 200 with `{ ok: false, error, ...extra }`. */
export const fail = (error: string, extra: Record<string, JsonBodyType> = {}) => HttpResponse.json({ ok: false, error, ...extra });

/**
 * Installs the fake API for the calling test file: started before its tests, reset after each,
 * closed after all. `answer(method, a, b, ...)` sets the answers to the next requests for that
 * method, in order (the last one repeats); a later call replaces them.
 */
export function useSlackApi() {
  const server = setupServer();
  const requests: SlackRequest[] = [];
  const queues = new Map<string, Answer[]>();

  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => {
    server.resetHandlers();
    requests.length = 0;
    queues.clear();
  });
  afterAll(() => server.close());

  return {
    requests,
    /** Requests for one method, in order. */
    calls: (method: string) => requests.filter((r) => r.method === method),
    answer(method: string, ...answers: Answer[]) {
      const known = queues.has(method);
      queues.set(method, [...answers]);
      if (known) return;
      server.use(
        http.post(`${SLACK_API}/${method}`, async ({ request }) => {
          const recorded: SlackRequest = {
            method,
            authorization: request.headers.get('authorization'),
            contentType: request.headers.get('content-type'),
            form: Object.fromEntries(new URLSearchParams(await request.text())),
          };
          requests.push(recorded);
          const pending = queues.get(method) ?? [];
          const next = pending.length > 1 ? pending.shift()! : pending[0]!;
          return typeof next === 'function' ? next(recorded) : next.clone();
        }),
      );
    },
  };
}
