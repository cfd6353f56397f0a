/**
 * One call of SendGrid's Mail Send API through @sendgrid/mail, with a client of its own: the
 * library's default export is a process-wide singleton, and concurrent jobs must not share an API key.
 */
import type { MailDataRequired, MailService } from '@sendgrid/mail';
import { answerError, sendFailure } from './failure.js';
import { headerValue } from './rate-limit.js';

/** The connector's result: SendGrid accepted the mail for delivery. */
export interface SendGridResult {
  statusCode: 202;
  /** SendGrid's `X-Message-Id` (the prefix of the message ids in its event webhooks), null when absent. */
  messageId: string | null;
}

export interface SendOptions {
  apiKey: string;
  /** Cancels the HTTP request (runtime shutdown, job about to time out). */
  signal?: AbortSignal;
}

interface RequestDefaults {
  setDefaultRequest(key: string, value: unknown): unknown;
}

const hasRequestDefaults = (client: unknown): client is RequestDefaults =>
  client !== null && typeof client === 'object' && typeof (client as Partial<RequestDefaults>).setDefaultRequest === 'function';

/**
 * `@sendgrid/mail` (and its axios) is loaded on the first mail, not when the connector loads: a
 * runtime that sends no mail never pays for it in start-up time or memory.
 */
let library: Promise<{ MailService: new () => MailService }> | undefined;

async function mailService(apiKey: string, signal: AbortSignal | undefined): Promise<MailService> {
  const { MailService: Service } = await (library ??= import('@sendgrid/mail') as Promise<unknown> as Promise<{ MailService: new () => MailService }>);
  const service = new Service();
  service.setApiKey(apiKey);
  // The typings do not show the service's HTTP client; its request defaults go to axios unchanged.
  const client: unknown = Reflect.get(service, 'client');
  if (signal && hasRequestDefaults(client)) client.setDefaultRequest('signal', signal);
  return service;
}

export async function sendMail(mail: MailDataRequired, options: SendOptions): Promise<SendGridResult> {
  const apiKey = options.apiKey.trim();
  let statusCode: number;
  let body: unknown;
  let headers: Record<string, unknown>;
  try {
    const [response, responseBody] = await (await mailService(apiKey, options.signal)).send(mail);
    ({ statusCode, headers } = response);
    body = responseBody;
  } catch (error) {
    throw sendFailure(error, apiKey);
  }
  if (statusCode !== 202) throw answerError({ status: statusCode, body, headers }, apiKey);
  return { statusCode, messageId: headerValue(headers, 'x-message-id') ?? null };
}
