/**
 * `clientTls.*` (stock template v15+): mutual TLS and a private CA, against a local HTTPS server with
 * its own CA that requires a client certificate. The PEM material comes from secrets, as in a model.
 */
import https from 'node:https';
import type { TLSSocket } from 'node:tls';
import { runOutbound, runOutboundJob } from '@connectorkit/sdk/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connector, failure } from '../test/support.js';
import { makeTlsFixtures, type TlsFixtures } from '../test/tls-fixtures.js';

let pki: TlsFixtures;
let server: https.Server;
let url: string;
const rest = connector();

beforeAll(async () => {
  pki = makeTlsFixtures();
  server = https.createServer(
    { key: pki.serverKey, cert: pki.serverCert, ca: pki.caCert, requestCert: true, rejectUnauthorized: true },
    (req, res) => {
      const peer = (req.socket as TLSSocket).getPeerCertificate();
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ client: peer?.subject?.CN }));
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `https://127.0.0.1:${(server.address() as { port: number }).port}/v1/whoami`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const secrets = () => ({
  CLIENT_CERT: pki.clientCert,
  CLIENT_KEY: pki.clientKey,
  CLIENT_KEY_PASSWORD: pki.clientKeyPassword,
  CA_CERT: pki.caCert,
});

describe('client TLS (clientTls.*)', () => {
  it('calls a server with a private CA that requires a client certificate (mutual TLS, encrypted key)', async () => {
    const result = await runOutbound(rest, {
      variables: {
        url,
        clientTls: {
          clientCertificate: '{{secrets.CLIENT_CERT}}',
          clientPrivateKey: '{{secrets.CLIENT_KEY}}',
          privateKeyPassword: '{{secrets.CLIENT_KEY_PASSWORD}}',
          trustedCertificate: '{{secrets.CA_CERT}}',
        },
      },
      secrets: secrets(),
    });
    expect(result).toMatchObject({ status: 200, body: { client: 'client' }, reason: 'OK' });
  });

  it('accepts PEM whose line breaks a secret store kept as \\n', async () => {
    const flat = (pem: string) => pem.trim().replace(/\n/g, '\\n');
    const result = await runOutbound(rest, {
      variables: {
        url,
        clientTls: {
          clientCertificate: flat(pki.clientCert),
          clientPrivateKey: '{{secrets.KEY}}',
          privateKeyPassword: pki.clientKeyPassword,
          trustedCertificate: flat(pki.caCert),
        },
      },
      secrets: { KEY: flat(pki.clientKey) },
    });
    expect(result.status).toBe(200);
  });

  it('without the private CA the server certificate is not trusted (TLS_ERROR)', async () => {
    const error = await failure(runOutbound(rest, { variables: { url } }));
    expect(error.code).toBe('TLS_ERROR');
  });

  it('with the CA but no client certificate the server refuses the handshake', async () => {
    const error = await failure(runOutbound(rest, { variables: { url, clientTls: { trustedCertificate: pki.caCert } } }));
    expect(['TLS_ERROR', 'CONNECTION_ERROR']).toContain(error.code);
  });

  it('trusts only the given CA, not the system store plus it', async () => {
    const error = await failure(
      runOutbound(rest, {
        variables: { url, clientTls: { clientCertificate: pki.clientCert, clientPrivateKey: pki.clientKey, privateKeyPassword: pki.clientKeyPassword, trustedCertificate: pki.otherCaCert } },
      }),
    );
    expect(error.code).toBe('TLS_ERROR');
  });

  it('a wrong key password or a certificate without its key is an incident that names the field, never the material', async () => {
    const wrong = await runOutboundJob(rest, {
      variables: { url, clientTls: { clientCertificate: '{{secrets.CLIENT_CERT}}', clientPrivateKey: '{{secrets.CLIENT_KEY}}', privateKeyPassword: 'nope', trustedCertificate: '{{secrets.CA_CERT}}' } },
      secrets: secrets(),
    });
    expect(wrong).toMatchObject({ action: 'fail', retries: 0 });
    expect(JSON.stringify(wrong)).toContain('clientTls.clientCertificate');
    expect(JSON.stringify(wrong)).not.toContain('BEGIN');

    const half = await runOutboundJob(rest, { variables: { url, clientTls: { clientCertificate: pki.clientCert } } });
    expect(half).toMatchObject({ action: 'fail', retries: 0 });
    expect(JSON.stringify(half)).toContain('needs both a client certificate and its private key');
  });
});
