import { describe, expect, it } from 'vitest';
import { brokerAddress, HEARTBEAT_SECONDS } from './connection.js';

describe('brokerAddress', () => {
  it('masks the password of a URI and redacts it from any text', () => {
    const a = brokerAddress({ authentication: { authType: 'uri', uri: 'amqp://app:s3cr%21t@mq.local:5673/orders' } });
    expect(a.display).toBe('amqp://app:***@mq.local:5673/orders');
    expect(a.target).toBe(`amqp://app:s3cr%21t@mq.local:5673/orders?heartbeat=${HEARTBEAT_SECONDS}`);
    expect(a.redact('failed: amqp://app:s3cr%21t@mq.local:5673/orders and s3cr!t')).toBe('failed: *** and ***');
  });

  it('keeps a heartbeat the URI sets and shows the default vhost as /', () => {
    const a = brokerAddress({ authentication: { authType: 'uri', uri: 'amqps://u:p4ss@mq.local?heartbeat=5' } });
    expect(a.target).toBe('amqps://u:p4ss@mq.local?heartbeat=5');
    expect(a.display).toBe('amqps://u:***@mq.local/%2F');
  });

  it('builds the connection from credentials and routing', () => {
    const a = brokerAddress({
      authentication: { authType: 'credentials', userName: 'guest', password: 'hunter22' },
      routing: { hostName: ' 127.0.0.1 ', port: 5672, virtualHost: 'vh' },
    });
    expect(a.target).toEqual({ protocol: 'amqp', hostname: '127.0.0.1', port: 5672, username: 'guest', password: 'hunter22', vhost: 'vh', heartbeat: HEARTBEAT_SECONDS });
    expect(a.display).toBe('amqp://guest:***@127.0.0.1:5672/vh');
    expect(a.redact('password hunter22 refused')).toBe('password *** refused');
  });

  it('names the field of a bad URI without printing it', () => {
    expect(() => brokerAddress({ authentication: { authType: 'uri', uri: 'http://u:topsecret@x' } })).toThrow(
      /authentication\.uri: must start with amqp:\/\/ or amqps:\/\//,
    );
    try {
      brokerAddress({ authentication: { authType: 'uri', uri: 'amqp://u:topsecret@[bad' } });
      expect.unreachable();
    } catch (e) {
      expect((e as Error).message).toContain('authentication.uri');
      expect((e as Error).message).not.toContain('topsecret');
    }
    expect(() => brokerAddress({ authentication: { authType: 'uri' } })).toThrow(/authentication\.uri: is required/);
  });
});
