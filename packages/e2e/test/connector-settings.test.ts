import { tmpdir } from 'node:os';
import { checkConnectorSettings, ConfigError, loadConfig } from '@connectorkit/runtime';
import { amqpConnector } from '@connectorkit/connector-amqp';
import { httpJsonConnector } from '@connectorkit/connector-http-json';
import { describe, expect, it } from 'vitest';

const connectors = [httpJsonConnector, amqpConnector];

/** Every operator setting the connector READMEs document, with a valid value. */
const documented: Record<string, string> = {
  CONNECTORKIT_HTTP_BLOCKED_HOSTS: 'default, 10.0.0.0/8, *.internal.example',
  CONNECTORKIT_HTTP_MAX_RESPONSE_SIZE: '10MB',
  CONNECTORKIT_HTTP_MAX_RESPONSE_MEMORY: '512MB',
  CONNECTORKIT_AMQP_PREFETCH: '20',
  CONNECTORKIT_AMQP_MAX_DELIVERIES: '3',
};

describe("connectors' operator settings", () => {
  it.each(Object.entries(documented))('the runtime accepts %s', (name, value) => {
    const config = loadConfig({ env: { [name]: value }, cwd: tmpdir() });
    expect(() => checkConnectorSettings(config, connectors)).not.toThrow();
  });

  it('names the variable and the rule of an invalid value, and refuses a typo', () => {
    const config = loadConfig({
      env: { CONNECTORKIT_HTTP_MAX_RESPONSE_SIZE: 'huge', CONNECTORKIT_AMQP_PREFETCH: '0', CONNECTORKIT_HTTP_BLOCKED_HOST: 'x' },
      cwd: tmpdir(),
    });
    let error: unknown;
    try {
      checkConnectorSettings(config, connectors);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toContain('CONNECTORKIT_HTTP_MAX_RESPONSE_SIZE="huge": must be a size such as 52428800, 512KB or 50MB');
    expect(message).toContain('CONNECTORKIT_AMQP_PREFETCH="0": must be a whole number from 1 to 65535');
    expect(message).toContain('CONNECTORKIT_HTTP_BLOCKED_HOST: is not a setting of the connector runtime or of a loaded connector');
  });
});
