/**
 * HTTP proxies, from the same settings Camunda's runtime reads, in this order for a target URL of
 * scheme S (`http` or `https`):
 *
 * 1. `CONNECTOR_{S}_PROXY_HOST` + `_PORT` (+ `_SCHEME`, `_USER`, `_PASSWORD`): Camunda's
 *    connector-scoped variables;
 * 2. `{s}.proxyHost` + `{s}.proxyPort` (+ `{s}.proxyUser`, `{s}.proxyPassword`): the JVM properties
 *    Camunda documents, read from environment variables of the same name;
 * 3. `{s}_proxy` / `{S}_PROXY`: a proxy URL (`http://user:password@proxy:3128`), as curl and most tools.
 *
 * Hosts that bypass the proxy: `CONNECTOR_HTTP_NON_PROXY_HOSTS` and `http.nonProxyHosts` (Java
 * syntax: `|`-separated, `*` wildcards) and `NO_PROXY` / `no_proxy` (comma-separated; `.example.com`
 * and `example.com` also match subdomains; `*` matches everything; `host:port` one port).
 *
 * Credentials never leave this module in text form: {@link describeProxy} masks them.
 */
import type { Environment } from './config.js';

export interface ProxyServer {
  protocol: 'http:' | 'https:';
  host: string;
  port: number;
  username?: string;
  password?: string;
}

type Scheme = 'http' | 'https';

/** `http://***@proxy:3128` (credentials masked), for logs and messages. */
export function describeProxy(proxy: ProxyServer): string {
  const host = proxy.host.includes(':') ? `[${proxy.host}]` : proxy.host;
  return `${proxy.protocol}//${proxy.username !== undefined ? '***@' : ''}${host}:${proxy.port}`;
}

function port(value: string, name: string): number {
  const n = Number(value.trim());
  if (!Number.isInteger(n) || n < 1 || n > 65535) throw new TypeError(`${name} must be a port (1-65535), got "${value}"`);
  return n;
}

const nonEmpty = (v: string | undefined): string | undefined => (v !== undefined && v.trim() !== '' ? v.trim() : undefined);

function protocolOf(scheme: string, name: string): 'http:' | 'https:' {
  const s = scheme.toLowerCase().replace(/:$/, '');
  if (s === 'http' || s === 'https') return `${s}:`;
  throw new TypeError(`${name} must be http or https, got "${scheme}"`);
}

function fromUrl(value: string, name: string): ProxyServer {
  const text = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`;
  if (!URL.canParse(text)) throw new TypeError(`${name} is not a proxy URL (http://host:port)`);
  const url = new URL(text);
  const protocol = protocolOf(url.protocol, name);
  return {
    protocol,
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port: url.port ? Number(url.port) : protocol === 'https:' ? 443 : 80,
    ...(url.username ? { username: decodeURIComponent(url.username), password: decodeURIComponent(url.password) } : {}),
  };
}

function proxyFor(scheme: Scheme, env: Environment): ProxyServer | undefined {
  const prefix = `CONNECTOR_${scheme.toUpperCase()}_PROXY_`;
  const host = nonEmpty(env[`${prefix}HOST`]);
  const portText = nonEmpty(env[`${prefix}PORT`]);
  if (host && portText) {
    const user = nonEmpty(env[`${prefix}USER`]);
    return {
      protocol: protocolOf(nonEmpty(env[`${prefix}SCHEME`]) ?? 'http', `${prefix}SCHEME`),
      host,
      port: port(portText, `${prefix}PORT`),
      ...(user ? { username: user, password: env[`${prefix}PASSWORD`] ?? '' } : {}),
    };
  }
  const jvmHost = nonEmpty(env[`${scheme}.proxyHost`]);
  if (jvmHost) {
    const jvmPort = nonEmpty(env[`${scheme}.proxyPort`]);
    const user = nonEmpty(env[`${scheme}.proxyUser`]);
    return {
      protocol: 'http:',
      host: jvmHost,
      port: jvmPort ? port(jvmPort, `${scheme}.proxyPort`) : scheme === 'https' ? 443 : 80,
      ...(user ? { username: user, password: env[`${scheme}.proxyPassword`] ?? '' } : {}),
    };
  }
  const name = [`${scheme}_proxy`, `${scheme.toUpperCase()}_PROXY`].find((n) => nonEmpty(env[n]));
  return name ? fromUrl(env[name]!.trim(), name) : undefined;
}

interface Bypass {
  test(host: string, port: number): boolean;
}

function javaPatterns(value: string): Bypass[] {
  return value
    .split('|')
    .map((t) => t.trim().toLowerCase())
    .filter((t) => t !== '')
    .map((token) => {
      const re = new RegExp(`^${token.split('*').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
      return { test: (host: string) => re.test(host) };
    });
}

function noProxyEntries(value: string): Bypass[] {
  return value
    .split(/[\s,]+/)
    .map((t) => t.trim().toLowerCase())
    .filter((t) => t !== '')
    .map((entry): Bypass => {
      if (entry === '*') return { test: () => true };
      const m = /^(\[[^\]]+\]|[^:]+|[0-9a-f:]+)(?::(\d+))?$/.exec(entry);
      const rawHost = (m?.[1] ?? entry).replace(/^\[|\]$/g, '');
      const onlyPort = m?.[2] !== undefined && !rawHost.includes(':') ? Number(m[2]) : undefined;
      const domain = rawHost.replace(/^\*?\./, '');
      return {
        test: (host, port) =>
          (onlyPort === undefined || onlyPort === port) && (host === domain || host.endsWith(`.${domain}`)),
      };
    });
}

/** Which proxy, if any, a request goes through. */
export class ProxySettings {
  constructor(
    private readonly servers: Partial<Record<Scheme, ProxyServer>>,
    private readonly bypass: readonly Bypass[] = [],
  ) {}

  static none(): ProxySettings {
    return new ProxySettings({});
  }

  get configured(): boolean {
    return this.servers.http !== undefined || this.servers.https !== undefined;
  }

  /** The proxy for a URL, or undefined when it goes direct (no proxy for its scheme, or a no-proxy host). */
  forUrl(url: URL): ProxyServer | undefined {
    const scheme: Scheme = url.protocol === 'https:' ? 'https' : 'http';
    const proxy = this.servers[scheme];
    if (!proxy) return undefined;
    const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
    const port = url.port ? Number(url.port) : scheme === 'https' ? 443 : 80;
    return this.bypass.some((b) => b.test(host, port)) ? undefined : proxy;
  }
}

/** The proxy settings of an environment. A malformed value throws (naming the variable, never a password). */
export function proxySettingsFromEnv(env: Environment): ProxySettings {
  const servers: Partial<Record<Scheme, ProxyServer>> = {};
  for (const scheme of ['http', 'https'] as const) {
    const proxy = proxyFor(scheme, env);
    if (proxy) servers[scheme] = proxy;
  }
  const bypass = [
    ...javaPatterns(env.CONNECTOR_HTTP_NON_PROXY_HOSTS ?? ''),
    ...javaPatterns(env['http.nonProxyHosts'] ?? ''),
    ...noProxyEntries(env.no_proxy ?? env.NO_PROXY ?? ''),
  ];
  return new ProxySettings(servers, bypass);
}
