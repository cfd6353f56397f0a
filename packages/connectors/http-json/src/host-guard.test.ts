import { createServer, type Server } from 'node:http';
import { runOutbound } from '@connectorkit/sdk/testing';
import { http, HttpResponse, passthrough } from 'msw';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connector, fakeDns, failure, mockHttp, PUBLIC_DNS } from '../test/support.js';
import { createHttpJsonConnector } from './connector.js';
import { HostBlockList } from './host-guard.js';
import { systemResolver } from './resolver.js';

const { server, seen } = mockHttp();

/** Answers every metadata-looking URL, so a request that got through would succeed. */
function metadataServer() {
  server.use(http.all('*/latest/meta-data*', () => HttpResponse.text('ami-id\ninstance-id')));
}

describe('HostBlockList', () => {
  const list = new HostBlockList(['169.254.169.254', 'fd00:ec2::254', 'metadata.google.internal', '10.0.0.0/8', 'fc00::/7', '*.corp.example']);

  it('matches addresses, ranges and names, in any spelling', () => {
    expect(list.blocksHost('169.254.169.254')).toBe(true);
    expect(list.blocksHost('[FD00:EC2::254]')).toBe(true);
    expect(list.blocksHost('METADATA.google.internal.')).toBe(true);
    expect(list.blocksHost('10.200.3.4')).toBe(true);
    expect(list.blocksHost('fd12::1')).toBe(true);
    expect(list.blocksHost('git.corp.example')).toBe(true);
    expect(list.blocksAddress('::ffff:169.254.169.254')).toBe(true);
    expect(list.blocksAddress('::ffff:10.0.0.1')).toBe(true);
  });

  it('lets everything else through', () => {
    expect(list.blocksHost('169.254.169.253')).toBe(false);
    expect(list.blocksHost('11.0.0.1')).toBe(false);
    expect(list.blocksHost('corp.example')).toBe(false);
    expect(list.blocksHost('metadata.google.internal.evil.com')).toBe(false);
    expect(list.blocksHost('api.example.com')).toBe(false);
  });

  it('refuses entries it cannot read', () => {
    expect(() => new HostBlockList(['10.0.0.0/33'])).toThrow('blocked host entry "10.0.0.0/33" is not a valid CIDR range');
    expect(() => new HostBlockList(['not a host'])).toThrow(/neither a host name, an IP address nor a CIDR range/);
  });
});

describe('blocked hosts are refused before any connection', () => {
  const rest = connector();

  it('refuses the cloud metadata endpoints by default, however the address is written', async () => {
    metadataServer();
    for (const url of [
      'http://169.254.169.254/latest/meta-data/',
      'http://0xA9FEA9FE/latest/meta-data/',
      'http://2852039166/latest/meta-data/',
      'http://[::ffff:169.254.169.254]/latest/meta-data/',
      'http://[fd00:ec2::254]/latest/meta-data/',
      'http://metadata.google.internal/latest/meta-data/',
    ]) {
      const error = await failure(runOutbound(rest, { variables: { url } }));
      expect(error.code, url).toBe('HOST_BLOCKED');
    }
    expect(seen).toHaveLength(0);
  });

  it('refuses a host name that resolves to a blocked address', async () => {
    metadataServer();
    const dns = fakeDns({ 'innocent.example.com': ['203.0.113.5', '169.254.169.254'] });
    const rest = createHttpJsonConnector({ env: {}, resolver: dns });
    const error = await failure(runOutbound(rest, { variables: { url: 'http://innocent.example.com/latest/meta-data/' } }));
    expect(error.code).toBe('HOST_BLOCKED');
    expect(error.message).toBe(
      'Requests to innocent.example.com are not allowed: it resolves to the blocked address 169.254.169.254',
    );
    expect(dns.calls).toEqual(['innocent.example.com']);
    expect(seen).toHaveLength(0);
  });

  it('resolves with the system resolver by default (localhost against a loopback block)', async () => {
    server.use(http.all('http://localhost/*', () => HttpResponse.text('reached')));
    const rest = createHttpJsonConnector({ env: {}, resolver: systemResolver, blockedHosts: ['127.0.0.0/8', '::1'] });
    const error = await failure(runOutbound(rest, { variables: { url: 'http://localhost/admin' } }));
    expect(error.code).toBe('HOST_BLOCKED');
    expect(seen).toHaveLength(0);
  });

  it('checks every redirect hop: a redirect to the metadata endpoint is refused', async () => {
    metadataServer();
    server.use(
      http.get('https://api.example.com/go', () =>
        new HttpResponse(null, { status: 302, headers: { Location: 'http://169.254.169.254/latest/meta-data/iam' } }),
      ),
    );
    const error = await failure(runOutbound(rest, { variables: { url: 'https://api.example.com/go', followRedirects: true } }));
    expect(error.code).toBe('HOST_BLOCKED');
    expect(seen.map((r) => r.url)).toEqual(['https://api.example.com/go']);
  });

  it('checks the OAuth token endpoint too', async () => {
    metadataServer();
    const error = await failure(
      runOutbound(rest, {
        variables: {
          url: 'https://api.example.com/x',
          authentication: {
            type: 'oauth-client-credentials-flow',
            oauthTokenEndpoint: 'http://169.254.169.254/latest/meta-data/token',
            clientId: 'c',
            clientSecret: 's3cret',
            clientAuthentication: 'credentialsBody',
          },
        },
      }),
    );
    expect(error.code).toBe('HOST_BLOCKED');
    expect(seen).toHaveLength(0);
  });

  it('takes its list from CONNECTORKIT_HTTP_BLOCKED_HOSTS ("default" keeps the metadata endpoints)', async () => {
    metadataServer();
    server.use(http.get('http://10.1.2.3/status', () => HttpResponse.text('up')));
    const extended = connector({ env: { CONNECTORKIT_HTTP_BLOCKED_HOSTS: 'default, 10.0.0.0/8' } });
    expect((await failure(runOutbound(extended, { variables: { url: 'http://10.1.2.3/status' } }))).code).toBe('HOST_BLOCKED');
    expect(
      (await failure(runOutbound(extended, { variables: { url: 'http://169.254.169.254/latest/meta-data/' } }))).code,
    ).toBe('HOST_BLOCKED');
    expect(seen).toHaveLength(0);

    const open = connector({ env: { CONNECTORKIT_HTTP_BLOCKED_HOSTS: '' } });
    const result = await runOutbound(open, { variables: { url: 'http://169.254.169.254/latest/meta-data/' } });
    expect(result.body).toBe('ami-id\ninstance-id');
  });

  it('fails at creation when the variable holds an entry it cannot read', () => {
    expect(() => createHttpJsonConnector({ env: { CONNECTORKIT_HTTP_BLOCKED_HOSTS: '10.0.0.0/99' } })).toThrow(TypeError);
  });
});

describe('the connection uses the checked addresses', () => {
  let local: Server;
  let port: number;
  beforeAll(async () => {
    local = createServer((req, res) => res.end(JSON.stringify({ reached: req.headers.host })));
    await new Promise<void>((resolve) => local.listen(0, '127.0.0.1', resolve));
    port = (local.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((resolve) => local.close(() => resolve())));

  it('connects to the address the check resolved (a name no real DNS knows)', async () => {
    server.use(http.all(`http://service.internal.test:${port}/*`, () => passthrough()));
    const dns = fakeDns({ ...PUBLIC_DNS, 'service.internal.test': '127.0.0.1' });
    const rest = createHttpJsonConnector({ env: {}, resolver: dns });
    const result = await runOutbound(rest, { variables: { url: `http://service.internal.test:${port}/ping` } });
    expect(result.body).toEqual({ reached: `service.internal.test:${port}` });
    expect(dns.calls).toEqual(['service.internal.test']);
  });
});
