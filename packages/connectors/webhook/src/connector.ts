import { randomUUID } from 'node:crypto';
import { defineInbound, type InboundContext, type WebhookRequest, type WebhookResponse } from '@connectorkit/sdk';
import { authChecker, type AuthChecker } from './auth/index.js';
import { buildConfig, type WebhookConfig } from './config.js';
import { correlationVariable, ExpressionError, successResponse, verificationResponse } from './expressions.js';
import { verifyHmac } from './hmac.js';
import { icon } from './icon.js';
import { groups, properties, type WebhookInput } from './properties.js';
import { mapRequest } from './request.js';
import { correlationFailure, expressionFailed, internalError, methodNotAllowed, securityRejection, serviceUnavailable } from './responses.js';

interface Prepared {
  config: WebhookConfig;
  auth: AuthChecker;
}

/**
 * Prepared configurations by bound input: built at activation (or on the first request of a host
 * that skips activate), so the JWT key set cache lives as long as the running connector.
 */
const prepared = new WeakMap<object, Prepared>();

function prepare(input: WebhookInput): Prepared {
  const config = buildConfig(input);
  return { config, auth: authChecker(config.auth) };
}

function preparedFor(ctx: InboundContext<WebhookInput>): Prepared {
  let p = prepared.get(ctx.properties);
  if (!p) {
    p = prepare(ctx.properties);
    prepared.set(ctx.properties, p);
  }
  return p;
}

/** The path without the query (a query may carry tokens): safe for the activity log. */
const pathOf = (request: WebhookRequest) => request.url.split('?')[0]!;

function reject(ctx: InboundContext<WebhookInput>, request: WebhookRequest, tag: string, message: string, response: WebhookResponse): WebhookResponse {
  ctx.log({
    severity: response.status >= 500 ? 'error' : 'warning',
    tag,
    message: `${request.method} ${pathOf(request)} answered ${response.status}: ${message}`,
    data: { method: request.method, path: pathOf(request), status: response.status },
  });
  return response;
}

async function handleRequest(request: WebhookRequest, ctx: InboundContext<WebhookInput>): Promise<WebhookResponse> {
  const { config, auth } = preparedFor(ctx);
  const mapped = mapRequest(request);

  // A provider's challenge is answered first and never correlated (Camunda's order).
  if (config.verificationExpression !== undefined) {
    const answer = verificationResponse(config.verificationExpression, mapped);
    if (answer) {
      ctx.log({ severity: 'info', tag: 'Verification', message: `${request.method} ${pathOf(request)}: answered a verification request` });
      return answer;
    }
  }

  if (config.method !== 'ANY' && request.method !== config.method) {
    return reject(ctx, request, 'Method', `only ${config.method} is accepted`, methodNotAllowed(request.method));
  }

  if (config.hmac) {
    const outcome = verifyHmac(config.hmac, request);
    if (!outcome.ok) {
      return reject(ctx, request, 'Authentication', `HMAC check failed: ${outcome.why}`, securityRejection(401, 'INVALID_SIGNATURE', "HMAC signature check didn't pass"));
    }
  }

  const authorized = await auth(request, mapped);
  if (!authorized.ok) {
    const response = authorized.status === 503 ? serviceUnavailable(authorized.details) : securityRejection(authorized.status, authorized.reason, authorized.details);
    return reject(ctx, request, 'Authorization', authorized.why, response);
  }

  const variables = { request: mapped, connectorData: {} };
  const result = await ctx.correlate(variables);
  const failure = correlationFailure(result, randomUUID);
  if (failure) {
    const detail = result.status === 'failed-permanent' || result.status === 'failed-retryable' ? `${result.code}: ${result.error}` : '';
    const errorId = (failure.body as { errorId?: string } | undefined)?.errorId;
    return reject(ctx, request, 'Correlation', `correlation failed (${detail})${errorId ? ` [errorId ${errorId}]` : ''}`, failure);
  }
  ctx.logger.debug({ context: config.context, status: result.status }, 'webhook request correlated');
  return successResponse(config, { ...variables, correlation: correlationVariable(result, ctx.elements) });
}

/** Receives HTTP requests on /inbound/<context> and starts or continues processes; drop-in for Camunda's stock webhook templates. */
export const webhookConnector = defineInbound({
  kind: 'webhook',
  id: 'io.connectorkit.webhook',
  name: 'Webhook',
  version: 1,
  type: 'io.camunda:webhook:1',
  description: 'Start or continue a process when an HTTP request arrives on /inbound/<Webhook ID>',
  icon,
  documentationRef: 'https://docs.camunda.io/docs/components/connectors/protocol/http-webhook/',
  keywords: ['receive webhook', 'HTTP trigger', 'event received', 'inbound event', 'webhook trigger', 'HTTP callback'],
  groups,
  properties,
  activate(ctx) {
    const p = prepare(ctx.properties);
    prepared.set(ctx.properties, p);
    if (p.config.responseExpression !== undefined && ctx.properties.inbound.responseBodyExpression) {
      ctx.log({
        severity: 'warning',
        tag: 'Activation',
        message: 'Both inbound.responseExpression and the deprecated inbound.responseBodyExpression are set: responseExpression is used',
      });
    }
    ctx.reportHealth({ status: 'UP' });
  },
  deactivate(ctx) {
    prepared.delete(ctx.properties);
    ctx.reportHealth({ status: 'DOWN' });
  },
  async handle(request, ctx) {
    try {
      return await handleRequest(request, ctx);
    } catch (e) {
      if (e instanceof ExpressionError) return reject(ctx, request, 'Response', `${e.field} failed: ${e.message}`, expressionFailed(e.field, e.message));
      const errorId = randomUUID();
      ctx.logger.error({ errorId, err: e }, 'webhook request failed');
      return reject(ctx, request, 'Request', `unexpected error [errorId ${errorId}]`, internalError(errorId));
    }
  },
});
