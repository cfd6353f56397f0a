/**
 * HTTP proxies from the environment, as Camunda's runtime reads them, through a local proxy (plain
 * forwarding and CONNECT) that records what it forwarded. No msw here: the sockets are real.
 */
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { runOutbound } from '@connectorkit/sdk/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpJsonConnector } from './connector.js';
import { describeProxy, proxySettingsFromEnv } from './proxy.js';
import { failure, recordingLogger } from '../test/support.js';
import { makeTlsFixtures, type TlsFixtures } from '../test/tls-fixtures.js';

interface Forwarded {
  kind: 'forward' | 'connect';
  target: string;
  proxyAuthorization: string | undefined;
}

const PASSWORD = 'pr0xy-s3cret-91';
const forwarded: Forwarded[] = [];
let proxy: http.Server;
let proxyPort: number;
let api: http.Server;
let apiPort: number;
let secureApi: https.Server;
let securePort: number;
let pki: TlsFixtures;
const tunnels = new Set<net.Socket>();

function authorized(header: string | undefined): boolean {
  return header === `Basic ${Buffer.from(`svc:${PASSWORD}`).toString('base64')}`;
}

beforeAll(async () => {
  pki = makeTlsFixtures();
  api = http.createServer((req, res) => res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ via: 'api', path: req.url })));
  secureApi = https.createServer({ key: pki.serverKey, cert: pki.serverCert }, (req, res) =>
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ via: 'secure-api', path: req.url })),
  );
  proxy = http.createServer((req, res) => {
    // Plain forwarding: the request line holds the absolute URL.
    forwarded.push({ kind: 'forward', target: req.url ?? '', proxyAuthorization: req.headers['proxy-authorization'] });
    if (!authorized(req.headers['proxy-authorization'])) {
      res.writeHead(407, { 'Proxy-Authenticate': 'Basic realm="test"' }).end();
      return;
    }
    const target = new URL(req.url!);
    const headers = { ...req.headers };
    delete headers['proxy-authorization'];
    const upstream = http.request({ host: '127.0.0.1', port: target.port, path: target.pathname + target.search, method: req.method, headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    req.pipe(upstream);
  });
  proxy.on('connect', (req: http.IncomingMessage, client: net.Socket) => {
    forwarded.push({ kind: 'connect', target: req.url ?? '', proxyAuthorization: req.headers['proxy-authorization'] });
    if (!authorized(req.headers['proxy-authorization'])) {
      client.end('HTTP/1.1 407 Proxy Authentication Required\r\n\r\n');
      return;
    }
    const [, port] = (req.url ?? '').split(':');
    const upstream = net.connect(Number(port), '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.pipe(client);
      client.pipe(upstream);
    });
    tunnels.add(client).add(upstream);
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  for (const s of [api, secureApi, proxy]) await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  apiPort = (api.address() as net.AddressInfo).port;
  securePort = (secureApi.address() as net.AddressInfo).port;
  proxyPort = (proxy.address() as net.AddressInfo).port;
});

afterAll(async () => {
  for (const t of tunnels) t.destroy();
  for (const s of [api, secureApi, proxy]) {
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }
});

/** Names resolve to this machine (the API servers listen on 127.0.0.1). */
const localDns = async () => [{ address: '127.0.0.1', family: 4 as const }];

function viaProxy(env: Record<string, string>) {
  return createHttpJsonConnector({ env, resolver: localDns });
}

describe('HTTP proxies', () => {
  it("forwards http through CONNECTOR_HTTP_PROXY_* (Camunda's variables) with the proxy credentials", async () => {
    forwarded.length = 0;
    const rest = viaProxy({
      CONNECTOR_HTTP_PROXY_HOST: '127.0.0.1',
      CONNECTOR_HTTP_PROXY_PORT: String(proxyPort),
      CONNECTOR_HTTP_PROXY_USER: 'svc',
      CONNECTOR_HTTP_PROXY_PASSWORD: PASSWORD,
    });
    const result = await runOutbound(rest, { variables: { url: `http://api.internal.test:${apiPort}/v1/items?x=1` } });
    expect(result.body).toEqual({ via: 'api', path: '/v1/items?x=1' });
    expect(forwarded).toEqual([
      { kind: 'forward', target: `http://api.internal.test:${apiPort}/v1/items?x=1`, proxyAuthorization: expect.stringMatching(/^Basic /) },
    ]);
  });

  it('tunnels https with CONNECT through HTTPS_PROXY (a proxy URL with credentials)', async () => {
    forwarded.length = 0;
    const rest = viaProxy({ HTTPS_PROXY: `http://svc:${PASSWORD}@127.0.0.1:${proxyPort}` });
    const result = await runOutbound(rest, {
      variables: { url: `https://localhost:${securePort}/v2/orders`, clientTls: { trustedCertificate: pki.caCert } },
    });
    expect(result.body).toEqual({ via: 'secure-api', path: '/v2/orders' });
    expect(forwarded).toEqual([{ kind: 'connect', target: `localhost:${securePort}`, proxyAuthorization: expect.stringMatching(/^Basic /) }]);
  });

  it('reads the JVM-style https.proxyHost / https.proxyPort and goes direct for hosts on the no-proxy lists', async () => {
    forwarded.length = 0;
    const env = {
      'https.proxyHost': '127.0.0.1',
      'https.proxyPort': String(proxyPort),
      'https.proxyUser': 'svc',
      'https.proxyPassword': PASSWORD,
      CONNECTOR_HTTP_NON_PROXY_HOSTS: 'direct.internal.test|*.corp.test',
      NO_PROXY: '.lan.test',
    };
    const rest = viaProxy(env);
    const trusted = { clientTls: { trustedCertificate: pki.caCert } };
    await runOutbound(rest, { variables: { url: `https://localhost:${securePort}/a`, ...trusted } });
    expect(forwarded.map((f) => f.kind)).toEqual(['connect']);
    // A host on a no-proxy list goes direct (the server certificate names localhost: only the routing is checked here).
    for (const host of ['direct.internal.test', 'api.corp.test', 'x.lan.test']) {
      const error = await failure(runOutbound(rest, { variables: { url: `https://${host}:${securePort}/b`, ...trusted } }));
      expect(error.code).toBe('TLS_ERROR'); // reached the server itself, whose certificate is for localhost
    }
    expect(forwarded).toHaveLength(1);
  });

  it('never prints the proxy credentials: not in logs, not in errors (a proxy that refuses)', async () => {
    const log = recordingLogger();
    const wrong = viaProxy({ HTTPS_PROXY: `http://svc:${PASSWORD}-wrong@127.0.0.1:${proxyPort}`, HTTP_PROXY: `http://svc:${PASSWORD}-wrong@127.0.0.1:${proxyPort}` });
    const tunnel = await failure(runOutbound(wrong, { variables: { url: `https://localhost:${securePort}/x` }, log }));
    expect(tunnel.code).toBe('CONNECTION_ERROR');
    expect(tunnel.message).toContain('the proxy refused the tunnel: 407');
    const plain = await failure(runOutbound(wrong, { variables: { url: `http://localhost:${apiPort}/x` }, log }));
    expect(plain.code).toBe('407');
    const everything = JSON.stringify([tunnel.message, tunnel.variables, plain.message, plain.variables, log.lines]);
    expect(log.lines.join('\n')).toContain('http://***@127.0.0.1');
    expect(everything).not.toContain(PASSWORD);
    expect(everything).not.toContain(Buffer.from(`svc:${PASSWORD}-wrong`).toString('base64'));
    expect(describeProxy(proxySettingsFromEnv({ HTTP_PROXY: `http://u:${PASSWORD}@p:3128` }).forUrl(new URL('http://a'))!)).toBe('http://***@p:3128');
  });

  it('keeps the block list through a proxy: a blocked host is refused before the proxy is asked', async () => {
    forwarded.length = 0;
    const rest = viaProxy({ HTTP_PROXY: `http://127.0.0.1:${proxyPort}` });
    const error = await failure(runOutbound(rest, { variables: { url: 'http://169.254.169.254/latest/meta-data/' } }));
    expect(error.code).toBe('HOST_BLOCKED');
    expect(forwarded).toEqual([]);
  });
});

describe('proxy settings', () => {
  it('prefers CONNECTOR_* over the JVM-style names over *_PROXY, per target scheme', () => {
    const s = proxySettingsFromEnv({
      CONNECTOR_HTTPS_PROXY_HOST: 'camunda-proxy',
      CONNECTOR_HTTPS_PROXY_PORT: '3128',
      'https.proxyHost': 'jvm-proxy',
      HTTPS_PROXY: 'http://env-proxy:8080',
      'http.proxyHost': 'jvm-http-proxy',
      HTTP_PROXY: 'http://env-http-proxy:8080',
    });
    expect(s.forUrl(new URL('https://a.example'))).toMatchObject({ host: 'camunda-proxy', port: 3128 });
    expect(s.forUrl(new URL('http://a.example'))).toMatchObject({ host: 'jvm-http-proxy', port: 80 });
    expect(proxySettingsFromEnv({ https_proxy: 'env-proxy:8080' }).forUrl(new URL('https://a.example'))).toMatchObject({ host: 'env-proxy', port: 8080 });
    expect(proxySettingsFromEnv({}).configured).toBe(false);
    expect(() => proxySettingsFromEnv({ CONNECTOR_HTTP_PROXY_HOST: 'p', CONNECTOR_HTTP_PROXY_PORT: 'x' })).toThrow('CONNECTOR_HTTP_PROXY_PORT must be a port');
  });

  it('no-proxy lists: Java patterns (| and *), NO_PROXY domains, ports and *', () => {
    const s = proxySettingsFromEnv({ HTTP_PROXY: 'http://p:1', 'http.nonProxyHosts': 'localhost|10.*', NO_PROXY: 'example.org,internal:8080' });
    const direct = (u: string) => s.forUrl(new URL(u)) === undefined;
    expect(['http://localhost/', 'http://10.1.2.3/', 'http://example.org/', 'http://a.example.org/', 'http://internal:8080/'].every(direct)).toBe(true);
    expect(['http://internal:9090/', 'http://notexample.org/', 'http://api.example.com/'].some(direct)).toBe(false);
    expect(proxySettingsFromEnv({ HTTP_PROXY: 'http://p:1', no_proxy: '*' }).forUrl(new URL('http://x'))).toBeUndefined();
  });
});
