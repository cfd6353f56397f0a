/**
 * Keep-alive agents that bound connection establishment: a new socket that has not connected within
 * the connection timeout is destroyed with {@link CONNECT_TIMEOUT}. One pair of agents per timeout
 * value, client TLS material and proxy (there are few distinct ones), shared by all executions.
 * Through a proxy, https requests go through a CONNECT tunnel ({@link TunnelAgent}); plain http
 * requests are sent to the proxy by axios itself.
 */
import { createHash } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { isIP, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import tls from 'node:tls';
import type { ProxyServer } from './proxy.js';

/** `code` of the error a socket is destroyed with when it did not connect in time. */
export const CONNECT_TIMEOUT = 'ECONNECTTIMEOUT';

function armConnectTimeout(socket: Duplex | null | undefined, timeoutMs: number): void {
  if (!(socket instanceof Socket) || !socket.connecting || timeoutMs <= 0) return;
  const timer = setTimeout(() => {
    const err: NodeJS.ErrnoException = new Error(`connect did not complete within ${timeoutMs} ms`);
    err.code = CONNECT_TIMEOUT;
    socket.destroy(err);
  }, timeoutMs);
  const done = () => clearTimeout(timer);
  socket.once('connect', done);
  socket.once('close', done);
}

class TimedHttpAgent extends http.Agent {
  constructor(private readonly connectTimeoutMs: number) {
    super({ keepAlive: true });
  }

  override createConnection(
    options: http.ClientRequestArgs,
    callback?: (err: Error | null, stream: Duplex) => void,
  ): Duplex | null | undefined {
    const socket = super.createConnection(options, callback);
    armConnectTimeout(socket, this.connectTimeoutMs);
    return socket;
  }
}

/** Client TLS material (PEM): client certificate and key for mutual TLS, the CA to trust instead of the system's. */
export interface TlsMaterial {
  cert?: string;
  key?: string;
  passphrase?: string;
  ca?: string;
}

class TimedHttpsAgent extends https.Agent {
  constructor(
    private readonly connectTimeoutMs: number,
    tlsMaterial: TlsMaterial = {},
  ) {
    super({ keepAlive: true, ...tlsMaterial });
  }

  override createConnection(
    options: https.RequestOptions,
    callback?: (err: Error | null, stream: Duplex) => void,
  ): Duplex | null | undefined {
    const socket = super.createConnection(options, callback);
    armConnectTimeout(socket, this.connectTimeoutMs);
    return socket;
  }
}

/** `code` of the error when the proxy refuses to open a tunnel. */
export const PROXY_REFUSED = 'EPROXYREFUSED';

/**
 * https through a proxy: each new connection is a CONNECT tunnel to the target, then TLS inside it
 * (with the agent's client TLS material). The connection timeout covers reaching the proxy and its
 * answer to CONNECT.
 */
export class TunnelAgent extends https.Agent {
  constructor(
    private readonly proxy: ProxyServer,
    private readonly connectTimeoutMs: number,
    tlsMaterial: TlsMaterial = {},
  ) {
    super({ keepAlive: true, ...tlsMaterial });
  }

  override createConnection(
    options: https.RequestOptions,
    callback?: (err: Error | null, stream: Duplex) => void,
  ): Duplex | null | undefined {
    const done = callback ?? (() => {});
    const host = String(options.host ?? options.hostname ?? 'localhost');
    const port = Number(options.port ?? 443);
    const target = `${isIP(host) === 6 ? `[${host}]` : host}:${port}`;
    const headers: Record<string, string> = { host: target };
    if (this.proxy.username !== undefined) {
      const basic = Buffer.from(`${this.proxy.username}:${this.proxy.password ?? ''}`).toString('base64');
      headers['proxy-authorization'] = `Basic ${basic}`;
    }
    const connect = (this.proxy.protocol === 'https:' ? https : http).request({
      host: this.proxy.host,
      port: this.proxy.port,
      method: 'CONNECT',
      path: target,
      headers,
      agent: false,
    });
    let settled = false;
    const settle = (err: Error | null, stream?: Duplex) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      done(err, stream as Duplex);
    };
    const timer =
      this.connectTimeoutMs > 0
        ? setTimeout(() => {
            const err: NodeJS.ErrnoException = new Error(`the proxy did not open a tunnel within ${this.connectTimeoutMs} ms`);
            err.code = CONNECT_TIMEOUT;
            connect.destroy(err);
          }, this.connectTimeoutMs)
        : undefined;
    connect.once('connect', (res, socket) => {
      if (res.statusCode !== 200) {
        socket.destroy();
        const err: NodeJS.ErrnoException = new Error(`the proxy refused the tunnel: ${res.statusCode} ${res.statusMessage ?? ''}`.trim());
        err.code = PROXY_REFUSED;
        settle(err);
        return;
      }
      const { lookup: _lookup, ...rest } = options as https.RequestOptions & { lookup?: unknown };
      const servername = isIP(host) === 0 ? host : undefined;
      settle(null, tls.connect({ ...(rest as tls.ConnectionOptions), socket, ...(servername ? { servername } : {}) }));
    });
    connect.once('error', (e) => settle(e));
    connect.end();
    return undefined;
  }
}

export interface AgentVariant {
  /** Client TLS material of the request (https only). */
  tls?: TlsMaterial;
  /** The proxy the request goes through. */
  proxy?: ProxyServer;
}

/** A short key for a variant (digests, never the material itself). */
function variantKey(variant: AgentVariant): string {
  const parts: string[] = [];
  if (variant.tls && Object.values(variant.tls).some((v) => v !== undefined)) {
    parts.push(`tls:${createHash('sha256').update(JSON.stringify(variant.tls)).digest('base64url')}`);
  }
  if (variant.proxy) parts.push(`proxy:${createHash('sha256').update(JSON.stringify(variant.proxy)).digest('base64url')}`);
  return parts.join('|');
}

/** Agents kept at most; the oldest are closed beyond this (distinct TLS materials or proxies are few). */
const MAX_POOLED = 64;

export interface Agents {
  http: http.Agent;
  https: https.Agent;
}

export class AgentPool {
  private readonly byTimeout = new Map<string, Agents>();

  /** The agents for a connection timeout in ms (0: no limit), client TLS material and proxy. */
  get(connectTimeoutMs: number, variant: AgentVariant = {}): Agents {
    const key = `${connectTimeoutMs}|${variantKey(variant)}`;
    let agents = this.byTimeout.get(key);
    if (!agents) {
      agents = {
        http: new TimedHttpAgent(connectTimeoutMs),
        https: variant.proxy
          ? new TunnelAgent(variant.proxy, connectTimeoutMs, variant.tls)
          : new TimedHttpsAgent(connectTimeoutMs, variant.tls),
      };
      this.byTimeout.set(key, agents);
      if (this.byTimeout.size > MAX_POOLED) {
        const [oldest, old] = this.byTimeout.entries().next().value!;
        old.http.destroy();
        old.https.destroy();
        this.byTimeout.delete(oldest);
      }
    }
    return agents;
  }

  /** Closes every pooled connection. */
  destroy(): void {
    for (const a of this.byTimeout.values()) {
      a.http.destroy();
      a.https.destroy();
    }
    this.byTimeout.clear();
  }
}
