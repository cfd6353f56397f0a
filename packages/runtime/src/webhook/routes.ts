import type { FastifyInstance, FastifyReply } from 'fastify';
import type { WebhookResponse } from '@connectorkit/sdk';
import type { ErrorBody } from '../observability/server.js';
import { BadBodyError, toWebhookRequest } from './request.js';
import type { WebhookRouter } from './router.js';

export interface WebhookRoutesOptions {
  router: WebhookRouter;
  /** Largest request body accepted (bytes); larger ones are answered 413. */
  bodyLimit: number;
}

function error(reply: FastifyReply, statusCode: number, error: string, code: string, message: string) {
  const body: ErrorBody = { statusCode, error, code, message };
  return reply.code(statusCode).send(body);
}

function send(reply: FastifyReply, response: WebhookResponse) {
  reply.code(response.status);
  for (const [name, value] of Object.entries(response.headers ?? {})) reply.header(name, value);
  const body = response.body;
  if (body === undefined || body === null) return reply.send();
  if (typeof body === 'string' || body instanceof Uint8Array) return reply.send(body);
  return reply.type('application/json').send(JSON.stringify(body));
}

/** Methods a webhook answers (as Camunda's runtime); others get 405. */
const SERVED = new Set(['GET', 'HEAD', 'POST', 'PUT', 'DELETE']);

/**
 * `/inbound/<context>` for every active webhook connector, on the runtime's one HTTP server. The
 * body is read as raw bytes (kept for signature checks) whatever its type, then parsed for the
 * connector; a caller's mistake gets a 4xx, never a 500.
 */
export async function registerWebhookRoutes(app: FastifyInstance, options: WebhookRoutesOptions): Promise<void> {
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: options.bodyLimit }, (_req, body, done) => done(null, body));
    scope.route<{ Params: { context: string } }>({
      method: ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'],
      url: '/inbound/:context',
      bodyLimit: options.bodyLimit,
      handler: async (request, reply) => {
        const { context } = request.params;
        if (!SERVED.has(request.method)) {
          return reply.code(405).header('allow', [...SERVED].join(', ')).send({ reason: `Method ${request.method} not supported` });
        }
        const target = options.router.get(context);
        if (!target) return error(reply, 404, 'Not Found', 'WEBHOOK_NOT_FOUND', `No webhook is registered for context '${context}'`);
        let webhookRequest;
        try {
          webhookRequest = toWebhookRequest({
            method: request.method,
            url: request.url,
            context,
            rawHeaders: request.raw.rawHeaders,
            body: Buffer.isBuffer(request.body) ? request.body : undefined,
          });
        } catch (e) {
          if (e instanceof BadBodyError) return error(reply, 400, 'Bad Request', 'INVALID_BODY', e.message);
          throw e;
        }
        return send(reply, await target.handle(webhookRequest));
      },
    });
  });
}
