import { describe, expect, it } from 'vitest';
import { DEFAULTS, deliverySettings, ENV } from './settings.js';

describe('deliverySettings', () => {
  it('uses the built-in defaults when neither element nor environment sets a value', () => {
    expect(deliverySettings({}, {})).toEqual({ prefetch: DEFAULTS.prefetch, maxDeliveries: DEFAULTS.maxDeliveries });
  });

  it('takes the environment over the defaults, and the element over the environment', () => {
    const env = { [ENV.prefetch]: '4', [ENV.maxDeliveries]: '9' };
    expect(deliverySettings({}, env)).toEqual({ prefetch: 4, maxDeliveries: 9 });
    expect(deliverySettings({ prefetchCount: 2, maxDeliveries: 3 }, env)).toEqual({ prefetch: 2, maxDeliveries: 3 });
  });

  it('names the variable of an invalid environment value', () => {
    expect(() => deliverySettings({}, { [ENV.prefetch]: 'many' })).toThrow(/CONNECTORKIT_AMQP_PREFETCH must be a whole number/);
    expect(() => deliverySettings({}, { [ENV.maxDeliveries]: '0' })).toThrow(/CONNECTORKIT_AMQP_MAX_DELIVERIES/);
  });
});
