import { p, z, type PropertyGroup } from '@connectorkit/sdk';

/**
 * The connector's properties. Names and values are those of Camunda's stock RabbitMQ inbound
 * templates (every version, 1 to 8), so a model built with them binds unchanged; `prefetchCount`
 * and `maxDeliveries` are ours (optional; stock models get the environment's or built-in values).
 */
export const AUTH_TYPE = { uri: 'uri', credentials: 'credentials' } as const;

export const groups: readonly PropertyGroup[] = [
  { id: 'authentication', label: 'Authentication' },
  { id: 'routing', label: 'Routing' },
  { id: 'subscription', label: 'Subscription' },
  { id: 'delivery', label: 'Delivery', tooltip: 'How many messages are handled at once and how often one is retried' },
];

const byCredentials = { property: 'authentication.authType', equals: AUTH_TYPE.credentials } as const;

/** `arguments`: a FEEL map (evaluated by the runtime at activation); a JSON object text is accepted too. */
const argumentsSchema = z.preprocess((v) => {
  if (typeof v !== 'string') return v;
  if (v.trim() === '') return {};
  try {
    return JSON.parse(v) as unknown;
  } catch {
    return v;
  }
}, z.record(z.string(), z.unknown(), { error: 'must be a map (for example ={"x-priority": 5})' }));

export const properties = {
  'authentication.authType': p.dropdown({
    label: 'Connection type',
    group: 'authentication',
    default: AUTH_TYPE.uri,
    choices: [
      { name: 'URI', value: AUTH_TYPE.uri },
      { name: 'Username/Password', value: AUTH_TYPE.credentials },
    ],
  }),
  'authentication.uri': p.text({
    label: 'URI',
    description: 'amqp://user:password@host:5672/vhost (amqps:// for TLS)',
    group: 'authentication',
    required: true,
    secret: true,
    condition: { property: 'authentication.authType', equals: AUTH_TYPE.uri },
    constraints: {
      pattern: { value: '^(=|(amqps?://|secrets|\\{\\{).*$)', message: 'Must start with amqp(s):// or contain a secret reference' },
    },
  }),
  'authentication.userName': p.text({
    label: 'Username',
    group: 'authentication',
    required: true,
    secret: true,
    condition: byCredentials,
  }),
  'authentication.password': p.text({
    label: 'Password',
    group: 'authentication',
    required: true,
    secret: true,
    condition: byCredentials,
  }),
  'routing.virtualHost': p.text({
    label: 'Virtual host',
    description: 'Virtual host of the broker, / by default',
    group: 'routing',
    default: '/',
    condition: byCredentials,
  }),
  'routing.hostName': p.text({
    label: 'Host name',
    group: 'routing',
    required: true,
    condition: byCredentials,
  }),
  'routing.port': p.number({
    label: 'Port',
    group: 'routing',
    required: true,
    integer: true,
    min: 1,
    max: 65535,
    default: 5672,
    condition: byCredentials,
  }),
  queueName: p.text({
    label: 'Queue name',
    tooltip: 'Name of the queue to subscribe to',
    group: 'subscription',
    required: true,
    feel: 'optional',
  }),
  consumerTag: p.text({
    label: 'Consumer tag',
    description: 'Left empty: a random one',
    group: 'subscription',
    feel: 'optional',
  }),
  arguments: p.json({
    label: 'Arguments',
    description: 'Consumer arguments as a FEEL map, for example ={"x-priority": 5}',
    group: 'subscription',
    schema: argumentsSchema,
  }),
  // Stock templates write "true" / "false" (a dropdown): the boolean property accepts both.
  exclusive: p.boolean({
    label: 'Exclusive consumer',
    description: 'Only this consumer may read the queue',
    group: 'subscription',
    default: false,
  }),
  prefetchCount: p.number({
    label: 'Messages in flight',
    description: 'Most unacknowledged messages handled at once (AMQP prefetch). Empty: CONNECTORKIT_AMQP_PREFETCH or 10',
    group: 'delivery',
    integer: true,
    min: 1,
    max: 65535,
  }),
  maxDeliveries: p.number({
    label: 'Maximum deliveries',
    description:
      'Deliveries of one message that failed with a retryable error before it is rejected to the dead-letter exchange. Empty: CONNECTORKIT_AMQP_MAX_DELIVERIES or 5',
    group: 'delivery',
    integer: true,
    min: 1,
  }),
};

export type AmqpProperties = typeof properties;
