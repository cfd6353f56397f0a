/**
 * The block list: host names and address ranges no request may reach (cloud metadata endpoints by
 * default). A URL is checked before any connection is opened: its host name, then every address the
 * name resolves to. The checked addresses are then the only ones the connection may use (see
 * {@link pinnedLookup}), so a second, different DNS answer cannot slip past the check.
 */
import { BlockList, isIP } from 'node:net';
import type { LookupAddressEntry } from 'axios';
import { ConnectorError, ConnectorInputError } from '@connectorkit/sdk';
import { ERROR_CODES } from './error-codes.js';
import type { ResolvedAddress, Resolver } from './resolver.js';

/** `[::1]` -> `::1`, `Example.COM.` -> `example.com`. */
export function normalizeHost(host: string): string {
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  return bare.toLowerCase().replace(/\.$/, '');
}

const HOST_NAME = /^[a-z0-9_-]+(\.[a-z0-9_-]+)*$/;

/** The eight 16-bit groups of an IPv6 address (any valid spelling, embedded IPv4 included). */
function ipv6Groups(address: string): number[] | undefined {
  if (!URL.canParse(`http://[${address}]/`)) return undefined;
  // WHATWG canonical form: lower-case hex, embedded IPv4 turned into two groups, one `::` at most.
  const canonical = new URL(`http://[${address}]/`).hostname.slice(1, -1);
  const [head, tail] = canonical.includes('::') ? canonical.split('::') : [canonical, undefined];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = [...left, ...Array<string>(tail === undefined ? 0 : 8 - left.length - right.length).fill('0'), ...right];
  return groups.length === 8 ? groups.map((g) => parseInt(g, 16)) : undefined;
}

const v4 = (hi: number, lo: number) => `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;

/**
 * The address a connection to `address` really reaches, for the block-list check:
 * - IPv6 forms that carry an IPv4 address become that IPv4 address: IPv4-mapped (`::ffff:a.b.c.d`),
 *   IPv4-compatible (`::a.b.c.d`), NAT64 (`64:ff9b::/96`) and 6to4 (`2002:AABB:CCDD::/48`);
 * - the unspecified addresses (`0.0.0.0`, `::`), which connect to this machine, become loopback.
 * Anything else is returned as it is (IPv4 in dotted form, as the URL parser writes it).
 */
export function effectiveAddress(address: string): string {
  const family = isIP(address);
  if (family === 4) return address === '0.0.0.0' ? '127.0.0.1' : address;
  if (family !== 6) return address;
  const g = ipv6Groups(address);
  if (!g) return address;
  const zeros = (from: number, to: number) => g.slice(from, to).every((x) => x === 0);
  if (zeros(0, 8)) return '::1';
  if (zeros(0, 5) && g[5] === 0xffff) return effectiveAddress(v4(g[6]!, g[7]!));
  if (zeros(0, 6) && !(g[6] === 0 && g[7] === 1)) return effectiveAddress(v4(g[6]!, g[7]!));
  if (g[0] === 0x64 && g[1] === 0xff9b && zeros(2, 6)) return effectiveAddress(v4(g[6]!, g[7]!));
  if (g[0] === 0x2002) return effectiveAddress(v4(g[1]!, g[2]!));
  return g.map((x) => x.toString(16)).join(':');
}

export class HostBlockList {
  private readonly addresses = new BlockList();
  private readonly verdicts = new Map<string, boolean>();
  private readonly names = new Set<string>();
  /** `.example.com` for an entry `*.example.com`. */
  private readonly suffixes: string[] = [];

  /** Entries: `169.254.169.254`, `fd00:ec2::254`, `10.0.0.0/8`, `fc00::/7`, `metadata.google.internal`, `*.internal`. */
  constructor(entries: readonly string[]) {
    for (const raw of entries) this.add(raw.trim());
  }

  private add(entry: string): void {
    const slash = entry.indexOf('/');
    if (slash >= 0) {
      const address = normalizeHost(entry.slice(0, slash));
      const prefix = Number(entry.slice(slash + 1));
      const family = isIP(address);
      if (family === 0 || !Number.isInteger(prefix) || prefix < 0 || prefix > (family === 4 ? 32 : 128)) {
        throw new TypeError(`blocked host entry "${entry}" is not a valid CIDR range`);
      }
      this.addresses.addSubnet(address, prefix, family === 4 ? 'ipv4' : 'ipv6');
      return;
    }
    const host = normalizeHost(entry);
    const family = isIP(host);
    if (family !== 0) {
      this.addresses.addAddress(host, family === 4 ? 'ipv4' : 'ipv6');
    } else if (host.startsWith('*.') && HOST_NAME.test(host.slice(2))) {
      this.suffixes.push(host.slice(1));
    } else if (HOST_NAME.test(host)) {
      this.names.add(host);
    } else {
      throw new TypeError(`blocked host entry "${entry}" is neither a host name, an IP address nor a CIDR range`);
    }
  }

  /** Whether a host (name or IP literal, as in a URL) is blocked by itself. */
  blocksHost(host: string): boolean {
    const h = normalizeHost(host);
    if (isIP(h) !== 0) return this.blocksAddress(h);
    return this.names.has(h) || this.suffixes.some((s) => h.endsWith(s));
  }

  /**
   * Whether an IP address is blocked: checked as written and as the address it really reaches
   * ({@link effectiveAddress}: IPv4 inside IPv6 forms, unspecified as loopback).
   */
  blocksAddress(address: string): boolean {
    const bare = normalizeHost(address);
    // The list never changes and a runtime talks to few addresses: node's BlockList.check builds a
    // SocketAddress per call (about 4 µs), twice per request without this memo.
    let verdict = this.verdicts.get(bare);
    if (verdict === undefined) {
      verdict = [bare, effectiveAddress(bare)].some((a) => {
        const family = isIP(a);
        return family !== 0 && this.addresses.check(a, family === 4 ? 'ipv4' : 'ipv6');
      });
      if (this.verdicts.size >= 4096) this.verdicts.clear();
      this.verdicts.set(bare, verdict);
    }
    return verdict;
  }
}

export interface CheckOptions {
  resolver: Resolver;
  /** Limit for name resolution in ms (0: none). */
  timeoutMs: number;
  signal?: AbortSignal;
}

function blocked(host: string, why: string): ConnectorInputError {
  return new ConnectorInputError(`Requests to ${host} are not allowed: ${why}`, { code: ERROR_CODES.hostBlocked });
}

/** Rejects when the deadline passes or the signal fires, whichever comes first. */
function race<T>(work: Promise<T>, host: string, timeoutMs: number, signal?: AbortSignal): Promise<T> {
  if (timeoutMs <= 0 && !signal) return work;
  return new Promise<T>((resolve, reject) => {
    const timer =
      timeoutMs > 0
        ? setTimeout(
            () =>
              reject(
                new ConnectorError(ERROR_CODES.connectionTimeout, `Resolving ${host} took longer than ${timeoutMs} ms`),
              ),
            timeoutMs,
          )
        : undefined;
    const onAbort = () => reject(new ConnectorError(ERROR_CODES.cancelled, `Request to ${host} cancelled`));
    if (signal?.aborted) onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    });
  });
}

/**
 * Checks the host of a URL against the block list without resolving it (the name, or the IP
 * literal): for requests through a proxy, which resolves the name itself. Returns undefined.
 */
export function checkHostName(blockList: HostBlockList, url: URL): undefined {
  const host = normalizeHost(url.hostname);
  if (blockList.blocksHost(host)) throw blocked(host, 'the host is on the block list');
  return undefined;
}

/**
 * Checks the host of a URL against the block list, resolving a host name first.
 * Returns the checked addresses of a host name (undefined for an IP literal).
 */
export async function checkHost(
  blockList: HostBlockList,
  url: URL,
  options: CheckOptions,
): Promise<ResolvedAddress[] | undefined> {
  const host = normalizeHost(url.hostname);
  if (blockList.blocksHost(host)) throw blocked(host, 'the host is on the block list');
  if (isIP(host) !== 0) return undefined;
  let addresses: ResolvedAddress[];
  try {
    addresses = await race(options.resolver(host), host, options.timeoutMs, options.signal);
  } catch (e) {
    if (e instanceof ConnectorError) throw e;
    const code = (e as { code?: unknown }).code;
    throw new ConnectorError(ERROR_CODES.dns, `Could not resolve host ${host}${typeof code === 'string' ? ` (${code})` : ''}`);
  }
  if (addresses.length === 0) throw new ConnectorError(ERROR_CODES.dns, `Could not resolve host ${host}`);
  const bad = addresses.find((a) => blockList.blocksAddress(a.address));
  if (bad) throw blocked(host, `it resolves to the blocked address ${bad.address}`);
  return addresses;
}

type LookupCallback = (err: NodeJS.ErrnoException | null, addresses: LookupAddressEntry[]) => void;

/**
 * A `lookup` for the connection (axios form: it always answers with the list) that returns the
 * addresses {@link checkHost} approved, so the socket connects to exactly those. Any other name is
 * refused: it was not checked.
 */
export function pinnedLookup(host: string, addresses: readonly ResolvedAddress[]) {
  const expected = normalizeHost(host);
  return (hostname: string, options: { family?: unknown }, callback: LookupCallback): void => {
    if (normalizeHost(hostname) !== expected) {
      const err: NodeJS.ErrnoException = new Error(`Host ${hostname} was not checked against the block list`);
      err.code = ERROR_CODES.hostBlocked;
      callback(err, []);
      return;
    }
    const family = options.family === 'IPv4' ? 4 : options.family === 'IPv6' ? 6 : options.family;
    const usable = family === 4 || family === 6 ? addresses.filter((a) => a.family === family) : addresses;
    if (usable.length === 0) {
      const err: NodeJS.ErrnoException = new Error(`No IPv${String(family)} address for ${hostname}`);
      err.code = 'ENOTFOUND';
      callback(err, []);
      return;
    }
    callback(null, usable.map((a) => ({ address: a.address, family: a.family })));
  };
}
