import { randomUUID } from 'node:crypto';
import { defineInbound, type InboundContext } from '@connectorkit/sdk';
import { brokerAddress } from './connection.js';
import { icon } from './icon.js';
import { groups, properties } from './properties.js';
import { deliverySettings, OPERATOR_SETTINGS } from './settings.js';
import { AmqpSubscription } from './subscription.js';

/** The running subscription of each activation (the runtime passes the same context to deactivate). */
const running = new WeakMap<InboundContext<unknown>, AmqpSubscription>();

/** Consumes a RabbitMQ queue and correlates each message; drop-in for Camunda's stock RabbitMQ inbound templates. */
export const amqpConnector = defineInbound({
  kind: 'subscription',
  id: 'io.connectorkit.amqp',
  name: 'RabbitMQ',
  version: 1,
  type: 'io.camunda:connector-rabbitmq-inbound:1',
  description: 'Receive messages from a RabbitMQ (AMQP 0-9-1) queue',
  icon,
  documentationRef: 'https://www.rabbitmq.com/docs/consumers',
  settings: OPERATOR_SETTINGS,
  keywords: ['receive message', 'consume message', 'message queue', 'AMQP', 'subscribe', 'message broker', 'queue', 'rabbitmq'],
  elements: ['start', 'message-start', 'intermediate', 'boundary', 'receive'],
  groups,
  properties,
  async activate(ctx) {
    const input = ctx.properties;
    const address = brokerAddress(input);
    const consumerTag = input.consumerTag?.trim() || `connectorkit-${randomUUID()}`;
    const subscription = new AmqpSubscription(
      {
        address,
        queue: input.queueName,
        consumerTag,
        arguments: input.arguments ?? {},
        exclusive: input.exclusive,
        settings: deliverySettings(input),
      },
      ctx,
    );
    running.set(ctx as InboundContext<unknown>, subscription);
    ctx.log({
      severity: 'info',
      tag: 'consumer',
      message: `Subscription requested for queue "${input.queueName}" at ${address.display}`,
      data: { processes: [...new Set(ctx.elements.map((e) => e.bpmnProcessId))] },
    });
    await subscription.start();
  },
  async deactivate(ctx) {
    const subscription = running.get(ctx as InboundContext<unknown>);
    running.delete(ctx as InboundContext<unknown>);
    await subscription?.stop();
  },
});
