/**
 * REST tasks from Camunda's stock template, in the versions that introduced each property and the
 * newest, run by our runtime against the real local engine: what used to differ from Camunda's
 * runtime (header names, reason, document, client TLS, proxies, skipEncoding, timeouts, the
 * document store). The APIs are real local servers (no msw): TLS, proxies and raw targets need sockets.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { createHttpJsonConnector } from '@connectorkit/connector-http-json';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deploy, eventually, records, RUN, testClient, type ZeebeClient } from '../support/engine.js';
import { PARITY_VERSIONS } from './processes.js';
import { runToEnd, startStockRuntime } from './support.js';

/** A private CA, a server certificate for 127.0.0.1 and a client certificate with an encrypted key (openssl CLI). */
function makePki() {
  const dir = mkdtempSync(join(tmpdir(), 'rest-parity-'));
  const run = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  try {
    run('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '2', '-subj', '/CN=parity-ca');
    writeFileSync(join(dir, 'server.ext'), 'subjectAltName=IP:127.0.0.1\n');
    for (const [name, ext] of [['server', 'server.ext'], ['client', undefined]] as const) {
      run('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name}`);
      run('x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', `${name}.crt`, '-days', '2', ...(ext ? ['-extfile', ext] : []));
    }
    run('pkcs8', '-topk8', '-in', 'client.key', '-out', 'client-enc.key', '-v2', 'aes-256-cbc', '-passout', 'pass:parity-pass');
    const read = (f: string) => readFileSync(join(dir, f), 'utf8');
    return { ca: read('ca.crt'), serverCert: read('server.crt'), serverKey: read('server.key'), clientCert: read('client.crt'), clientKey: read('client-enc.key') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const PROXY_PASSWORD = 'parity-proxy-pw-7731';
const targets: string[] = [];
const proxied: { target: string; authorized: boolean }[] = [];
const uploads: number[] = [];
let api: http.Server;
let secure: https.Server;
let proxy: http.Server;
let apiBase: string;
let secureBase: string;
let client: ZeebeClient;
let stopRuntime: () => Promise<void>;

const listen = async (server: http.Server | https.Server) => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
};

beforeAll(async () => {
  const pki = makePki();
  api = http.createServer((req, res) => {
    targets.push(req.url ?? '');
    if (req.url?.startsWith('/headers')) {
      res.writeHead(200, 'Fine Thanks', [
        ['Content-Type', 'application/json'],
        ['Date', 'Mon, 30 Nov 2026 10:00:00 GMT'],
        ['Via', '1.1 edge-a'],
        ['Via', '1.1 edge-b'],
        ['Set-Cookie', 'session=abc; HttpOnly'],
      ]);
      res.end('{"ok":true}');
    } else if (req.url?.startsWith('/slow')) {
      setTimeout(() => res.writeHead(200, { 'Content-Type': 'text/plain' }).end('late'), 2500);
    } else if (req.url?.startsWith('/upload')) {
      let size = 0;
      req.on('data', (c: Buffer) => (size += c.length));
      req.on('end', () => {
        uploads.push(size);
        res.writeHead(201, { 'Content-Type': 'application/json' }).end(JSON.stringify({ received: size }));
      });
    } else {
      res.writeHead(200, { 'Content-Type': 'text/plain' }).end(req.url);
    }
  });
  secure = https.createServer({ key: pki.serverKey, cert: pki.serverCert, ca: pki.ca, requestCert: true, rejectUnauthorized: true }, (req, res) => {
    const cn = (req.socket as TLSSocket).getPeerCertificate().subject?.CN;
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ client: cn }));
  });
  proxy = http.createServer((req, res) => {
    const authorized = req.headers['proxy-authorization'] === `Basic ${Buffer.from(`svc:${PROXY_PASSWORD}`).toString('base64')}`;
    proxied.push({ target: req.url ?? '', authorized });
    const target = new URL(req.url!);
    const upstream = http.request({ host: '127.0.0.1', port: target.port, path: target.pathname + target.search, method: req.method, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.statusMessage, up.rawHeaders);
      up.pipe(res);
    });
    req.pipe(upstream);
  });
  apiBase = `http://127.0.0.1:${await listen(api)}`;
  secureBase = `https://127.0.0.1:${await listen(secure)}`;
  const proxyPort = await listen(proxy);

  client = testClient();
  for (const v of Object.values(PARITY_VERSIONS)) await deploy(client, `stock/rest-parity-v${v}.bpmn`);
  for (const v of [PARITY_VERSIONS.storeResponse, PARITY_VERSIONS.newest]) await deploy(client, `stock/rest-parity-doc-v${v}.bpmn`);

  // Camunda's proxy variables, with this machine's addresses on the no-proxy list.
  const rest = createHttpJsonConnector({
    env: {
      CONNECTOR_HTTP_PROXY_HOST: '127.0.0.1',
      CONNECTOR_HTTP_PROXY_PORT: String(proxyPort),
      CONNECTOR_HTTP_PROXY_USER: 'svc',
      CONNECTOR_HTTP_PROXY_PASSWORD: PROXY_PASSWORD,
      CONNECTOR_HTTP_NON_PROXY_HOSTS: '127.0.0.1|localhost',
    },
  });
  ({ stop: stopRuntime } = await startStockRuntime([rest], {
    PARITY_CLIENT_CERT: pki.clientCert,
    PARITY_CLIENT_KEY: pki.clientKey,
    PARITY_KEY_PASSWORD: 'parity-pass',
    PARITY_CA_CERT: pki.ca,
  }));
});

afterAll(async () => {
  await stopRuntime?.();
  await client?.close();
  for (const s of [api, secure, proxy]) {
    s?.closeAllConnections();
    await new Promise<void>((resolve) => (s ? s.close(() => resolve()) : resolve()));
  }
});

const ALL = [PARITY_VERSIONS.noReadTimeout, PARITY_VERSIONS.storeResponse, PARITY_VERSIONS.forCamunda88, PARITY_VERSIONS.clientTls, PARITY_VERSIONS.newest];

describe.each(ALL)('REST task from the stock template v%i', (version) => {
  const process = `rest-parity-v${version}`;

  it('sees header names as sent, lists for Via and Set-Cookie, the reason phrase and a null document', async () => {
    const { variables } = await runToEnd(client, process, { url: `${apiBase}/headers?run=${RUN}` });
    expect(variables).toMatchObject({
      contentType: 'application/json',
      date: 'Mon, 30 Nov 2026 10:00:00 GMT',
      via: ['1.1 edge-a', '1.1 edge-b'],
      cookies: ['session=abc; HttpOnly'],
      reason: 'Fine Thanks',
      document: null,
      responseBody: { ok: true },
    });
    expect(variables.fields).toEqual(expect.arrayContaining(['status', 'headers', 'body', 'reason', 'document']));
  });

  it("goes through the proxy of CONNECTOR_HTTP_PROXY_* (Camunda's variables) with its credentials", async () => {
    const url = `http://api.parity.test:${new URL(apiBase).port}/headers?via=proxy&run=${RUN}-${version}`;
    const { variables } = await runToEnd(client, process, { url });
    expect(variables).toMatchObject({ reason: 'Fine Thanks', responseBody: { ok: true } });
    expect(proxied.filter((p) => p.target === url)).toEqual([{ target: url, authorized: true }]);
  });

  it('sends the URL exactly as given when the process sets skipEncoding (the template keeps it hidden)', async () => {
    const raw = `/raw/a%2Fb/./x/../{id}?q="it's"&run=${RUN}-${version}`;
    const { variables } = await runToEnd(client, process, { url: `${apiBase}${raw}`, skipEncoding: 'true' });
    expect(variables.responseBody).toBe(raw);
    expect(targets).toContain(raw);
  });
});

describe('timeouts', () => {
  it.each([PARITY_VERSIONS.noReadTimeout, PARITY_VERSIONS.newest])(
    'v%i without a read timeout falls back to the connection timeout (1 s), as Camunda does',
    async (version) => {
      const started = Date.now();
      const { variables } = await runToEnd(client, `rest-parity-v${version}`, { url: `${apiBase}/slow?run=${RUN}` });
      expect(variables.failedCode).toBe('TIMEOUT');
      expect(Date.now() - started).toBeLessThan(2500);
    },
  );

  it('v7 (the only template with writeTimeoutInSeconds) binds it and sends the body', async () => {
    const payload = { items: Array.from({ length: 200 }, (_, i) => ({ i, name: `item-${i}` })) };
    const { variables } = await runToEnd(client, `rest-parity-v${PARITY_VERSIONS.writeTimeout}`, { url: `${apiBase}/upload?run=${RUN}`, payload });
    expect(variables).toMatchObject({ reason: 'Created', responseBody: { received: uploads.at(-1) } });
    expect(uploads.at(-1)).toBeGreaterThan(5000);
  });
});

describe('client TLS (clientTls.* from secrets)', () => {
  it.each([PARITY_VERSIONS.clientTls, PARITY_VERSIONS.newest])('v%i calls a server with a private CA that requires a client certificate', async (version) => {
    const { variables } = await runToEnd(client, `rest-parity-v${version}`, { url: `${secureBase}/whoami?run=${RUN}` });
    expect(variables).toMatchObject({ reason: 'OK', responseBody: { client: 'client' } });
  });

  it('a model without them fails the handshake with TLS_ERROR (the CA is not trusted)', async () => {
    const { variables } = await runToEnd(client, `rest-parity-v${PARITY_VERSIONS.forCamunda88}`, { url: `${secureBase}/whoami?run=${RUN}` });
    expect(variables.failedCode).toBe('TLS_ERROR');
  });
});

describe('the document store', () => {
  it.each([PARITY_VERSIONS.storeResponse, PARITY_VERSIONS.newest])(
    'v%i asking for the response as a document gets a clear incident, and the API is not called',
    async (version) => {
      const bpmnProcessId = `rest-parity-doc-v${version}`;
      const url = `${apiBase}/headers?doc=${RUN}-${version}`;
      const started = await client.createProcessInstance({ bpmnProcessId, variables: { url } });
      const incident = await eventually('the incident', async () =>
        (await records('INCIDENT')).find((r) => r.intent === 'CREATED' && String(r.value.processInstanceKey) === String(started.processInstanceKey)),
      );
      expect(String(incident.value.errorMessage)).toContain('this runtime has no document store');
      expect(targets.filter((t) => t.includes(`doc=${RUN}-${version}`))).toEqual([]);
      await client.cancelProcessInstance(started.processInstanceKey);
    },
  );
});
