import type { OperatorSetting } from '@connectorkit/sdk';

/**
 * Delivery settings: an element property wins, then the environment, then the built-in default.
 * Read once per activation.
 */
export const ENV = {
  prefetch: 'CONNECTORKIT_AMQP_PREFETCH',
  maxDeliveries: 'CONNECTORKIT_AMQP_MAX_DELIVERIES',
} as const;

export const DEFAULTS = { prefetch: 10, maxDeliveries: 5 } as const;

export interface DeliverySettings {
  /** AMQP prefetch: the most unacknowledged messages handled at once. */
  prefetch: number;
  /** Deliveries of one message ending in a retryable failure before it is rejected for good. */
  maxDeliveries: number;
}

function fromEnv(env: NodeJS.ProcessEnv, name: string, max: number): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > max) {
    throw new RangeError(`${name} must be a whole number from 1 to ${max}, got "${raw}"`);
  }
  return n;
}

export function deliverySettings(
  input: { prefetchCount?: number | undefined; maxDeliveries?: number | undefined },
  env: NodeJS.ProcessEnv = process.env,
): DeliverySettings {
  return {
    prefetch: input.prefetchCount ?? fromEnv(env, ENV.prefetch, 65535) ?? DEFAULTS.prefetch,
    maxDeliveries: input.maxDeliveries ?? fromEnv(env, ENV.maxDeliveries, Number.MAX_SAFE_INTEGER) ?? DEFAULTS.maxDeliveries,
  };
}

const wholeNumber = (max: number) => (value: string) => {
  const n = Number(value);
  return Number.isInteger(n) && n >= 1 && n <= max ? undefined : `must be a whole number from 1 to ${max}`;
};

/** The operator settings the runtime accepts, checks at start-up and lists in `--help`. */
export const OPERATOR_SETTINGS: readonly OperatorSetting[] = [
  {
    env: ENV.prefetch,
    description: 'Messages one RabbitMQ consumer handles at once (AMQP prefetch), unless an element sets prefetchCount.',
    defaultText: String(DEFAULTS.prefetch),
    check: wholeNumber(65535),
  },
  {
    env: ENV.maxDeliveries,
    description: 'Deliveries of a message that keeps failing with a retryable error before it is rejected to the dead-letter exchange, unless an element sets maxDeliveries.',
    defaultText: String(DEFAULTS.maxDeliveries),
    check: wholeNumber(Number.MAX_SAFE_INTEGER),
  },
];
