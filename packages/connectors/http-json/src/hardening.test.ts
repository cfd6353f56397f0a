/**
 * Outbound hardening (issue 14): secret-bound headers on cross-origin redirects and the block list's
 * defaults and address forms (the memory budget: memory-budget.test.ts).
 */
import http from 'node:http';
import { runOutbound } from '@connectorkit/sdk/testing';
import { http as mswHttp, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { createHttpJsonConnector } from './connector.js';
import { effectiveAddress, HostBlockList } from './host-guard.js';
import { DEFAULT_BLOCKED_HOSTS } from './config.js';
import { connector, failure, fakeDns, mockHttp, PUBLIC_DNS } from '../test/support.js';

const { server, seen } = mockHttp();

describe('a cross-origin redirect drops every header bound to a secret', () => {
  const redirecting = () =>
    server.use(
      mswHttp.get('https://api.example.com/v1/file', () =>
        new HttpResponse(null, { status: 302, headers: { Location: 'https://cdn.example.net/blob/1' } }),
      ),
      mswHttp.get('https://cdn.example.net/blob/1', () => HttpResponse.text('blob')),
    );

  it('any header carrying a secret of the job, whatever its name', async () => {
    redirecting();
    const rest = connector();
    const secrets = { TENANT_KEY: 'tenant-k3y-0042', SIGNING: 'sig-7f7f7f' };
    const result = await runOutbound(rest, {
      variables: {
        url: 'https://api.example.com/v1/file',
        followRedirects: true,
        headers: { 'X-Tenant': '{{secrets.TENANT_KEY}}', 'X-Trace': 'trace-1', Custom: 'v1 {{secrets.SIGNING}}' },
      },
      secrets,
    });
    expect(result.body).toBe('blob');
    expect(seen.map((r) => [new URL(r.url).host, r.headers.get('x-tenant'), r.headers.get('custom'), r.headers.get('x-trace')])).toEqual([
      ['api.example.com', secrets.TENANT_KEY, `v1 ${secrets.SIGNING}`, 'trace-1'],
      ['cdn.example.net', null, null, 'trace-1'],
    ]);
  });

  it('and headers whose names mark credentials typed in literally (X-Api-Token, X-Session-Key, ...)', async () => {
    redirecting();
    const result = await runOutbound(connector(), {
      variables: {
        url: 'https://api.example.com/v1/file',
        followRedirects: true,
        headers: { 'X-Api-Token': '{{secrets.T}}', 'X-Session-Key': 'abc123', Accept: 'text/plain' },
      },
      secrets: { T: 'tok-998877' },
    });
    expect(result.body).toBe('blob');
    const hop = seen[1]!;
    expect([hop.headers.get('x-api-token'), hop.headers.get('x-session-key'), hop.headers.get('accept')]).toEqual([null, null, 'text/plain']);
  });
});

describe('the block list: defaults and address forms', () => {
  const rest = connector();

  it('blocks the metadata and credential endpoints and all of link-local by default', async () => {
    for (const url of [
      'http://169.254.170.2/v2/credentials/abc', // ECS task credentials
      'http://169.254.170.23/v1/credentials', // EKS Pod Identity
      'http://[fd00:ec2::23]/v1/credentials', // EKS Pod Identity (IPv6)
      'http://100.100.100.200/latest/meta-data/', // Alibaba Cloud
      'http://169.254.1.1/', // the rest of 169.254.0.0/16
      'http://[fe80::1]/', // IPv6 link-local
    ]) {
      const error = await failure(runOutbound(rest, { variables: { url } }));
      expect(error.code, url).toBe('HOST_BLOCKED');
    }
    expect(seen).toHaveLength(0);
  });

  it('normalises IPv4-compatible, NAT64 and 6to4 forms before the check, in URLs and in DNS answers', async () => {
    for (const url of [
      'http://[::169.254.169.254]/latest/meta-data/', // IPv4-compatible
      'http://[::a9fe:a9fe]/latest/meta-data/',
      'http://[64:ff9b::169.254.169.254]/latest/meta-data/', // NAT64
      'http://[64:ff9b::a9fe:a9fe]/',
      'http://[2002:a9fe:a9fe::1]/', // 6to4
    ]) {
      const error = await failure(runOutbound(rest, { variables: { url } }));
      expect(error.code, url).toBe('HOST_BLOCKED');
    }
    const dns = fakeDns({ ...PUBLIC_DNS, 'sneaky.example.com': '64:ff9b::a9fe:a9fe' });
    const viaDns = createHttpJsonConnector({ env: {}, resolver: dns });
    expect((await failure(runOutbound(viaDns, { variables: { url: 'http://sneaky.example.com/' } }))).code).toBe('HOST_BLOCKED');
    expect(seen).toHaveLength(0);
  });

  it('treats the unspecified addresses as loopback: 0.0.0.0 does not reach a loopback server when 127.0.0.0/8 is blocked', async () => {
    const loopback = http.createServer((_req, res) => res.end('reached'));
    await new Promise<void>((resolve) => loopback.listen(0, '0.0.0.0', resolve));
    const port = (loopback.address() as { port: number }).port;
    server.use(mswHttp.all(`http://0.0.0.0:${port}/*`, () => HttpResponse.text('reached')));
    try {
      const guarded = createHttpJsonConnector({ env: {}, blockedHosts: ['127.0.0.0/8', '::1'] });
      for (const url of [`http://0.0.0.0:${port}/admin`, `http://0:${port}/admin`, `http://[::]:${port}/admin`]) {
        const error = await failure(runOutbound(guarded, { variables: { url } }));
        expect(error.code, url).toBe('HOST_BLOCKED');
      }
      expect(seen).toHaveLength(0);
    } finally {
      await new Promise<void>((resolve) => loopback.close(() => resolve()));
    }
  });

  it('effectiveAddress and the list agree on every spelling', () => {
    expect(effectiveAddress('::ffff:169.254.169.254')).toBe('169.254.169.254');
    expect(effectiveAddress('::a9fe:a9fe')).toBe('169.254.169.254');
    expect(effectiveAddress('64:ff9b::a9fe:a9fe')).toBe('169.254.169.254');
    expect(effectiveAddress('0.0.0.0')).toBe('127.0.0.1');
    expect(effectiveAddress('::')).toBe('::1');
    expect(effectiveAddress('::1')).toBe('0:0:0:0:0:0:0:1');
    expect(effectiveAddress('2001:db8::1')).toBe('2001:db8:0:0:0:0:0:1');
    const list = new HostBlockList(DEFAULT_BLOCKED_HOSTS);
    expect(list.blocksAddress('203.0.113.10')).toBe(false);
    expect(list.blocksAddress('2001:db8::1')).toBe(false);
    expect(list.blocksAddress('64:ff9b::cb00:710a')).toBe(false); // NAT64 of a public address
  });
});
