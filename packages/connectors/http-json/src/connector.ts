import { defineOutbound, type OperatorSetting, type OutboundConnector } from '@connectorkit/sdk';
import { AgentPool } from './agents.js';
import { HttpClient } from './client.js';
import { DEFAULT_MAX_RESPONSE_MEMORY_BYTES, ENV, parseBlockedHosts, parseSize, type Environment } from './config.js';
import { executeRequest } from './execute.js';
import { HostBlockList } from './host-guard.js';
import { icon } from './icon.js';
import { MemoryBudget } from './memory-budget.js';
import { OAuthTokenCache } from './oauth-token-cache.js';
import { groups, properties } from './properties.js';
import { proxySettingsFromEnv, type ProxySettings } from './proxy.js';
import type { HttpJsonResult } from './response.js';
import { systemResolver, type Resolver } from './resolver.js';

export const JOB_TYPE = 'io.camunda:http-json:1';

export type HttpJsonConnector = OutboundConnector<typeof properties, HttpJsonResult>;

export interface HttpJsonConnectorOptions {
  /** Where settings not given here are read from (default `process.env`). */
  env?: Environment;
  /** Overrides `CONNECTORKIT_HTTP_BLOCKED_HOSTS`. */
  blockedHosts?: readonly string[];
  /** Overrides `CONNECTORKIT_HTTP_MAX_RESPONSE_SIZE` (bytes). */
  maxResponseBytes?: number;
  /** Overrides `CONNECTORKIT_HTTP_MAX_RESPONSE_MEMORY` (bytes, all responses in flight together). */
  maxResponseMemoryBytes?: number;
  /** Overrides the proxy settings read from the environment (see proxy.ts). */
  proxies?: ProxySettings;
  /** Host name resolution (default: the system resolver). */
  resolver?: Resolver;
  /** OAuth token cache (default: a new one with the system clock). */
  tokenCache?: OAuthTokenCache;
}

/**
 * A REST connector with its own settings, token cache and connection pool. Settings are read once,
 * here: a malformed environment variable throws at once.
 */
export function createHttpJsonConnector(options: HttpJsonConnectorOptions = {}): HttpJsonConnector {
  const env = options.env ?? process.env;
  const proxies = options.proxies ?? proxySettingsFromEnv(env);
  const client = new HttpClient({
    blockList: new HostBlockList(options.blockedHosts ?? parseBlockedHosts(env[ENV.blockedHosts])),
    resolver: options.resolver ?? systemResolver,
    maxResponseBytes: options.maxResponseBytes ?? parseSize(env[ENV.maxResponseSize]),
    agents: new AgentPool(),
    proxies,
  });
  const tokens = options.tokenCache ?? new OAuthTokenCache();
  const memory = new MemoryBudget(
    options.maxResponseMemoryBytes ??
      parseSize(env[ENV.maxResponseMemory], ENV.maxResponseMemory, DEFAULT_MAX_RESPONSE_MEMORY_BYTES),
  );

  return defineOutbound({
    id: 'io.connectorkit.http-json',
    name: 'REST',
    // 2: client TLS, skip encoding, write timeout, read timeout falling back to the connection timeout.
    version: 4,
    type: JOB_TYPE,
    description: 'Call a REST API: any method, headers, query parameters, JSON body and authentication',
    icon,
    documentationRef: 'https://docs.camunda.io/docs/components/connectors/protocol/rest/',
    keywords: ['rest', 'http', 'api', 'json', 'request', 'oauth'],
    groups,
    properties,
    settings: SETTINGS,
    execute: (ctx) => executeRequest(ctx, { client, tokens, memory, proxies }),
  });
}

/** The operator settings the runtime accepts, checks at start-up and lists in `--help`. */
export const SETTINGS: readonly OperatorSetting[] = [
  {
    env: ENV.blockedHosts,
    description:
      'Hosts no request may reach, on every redirect hop: names (*.example.com for subdomains), IP addresses and CIDR ranges, separated by commas or blanks; the word default stands for the cloud metadata endpoints. Set but empty: nothing is blocked.',
    defaultText: 'default',
  },
  {
    env: ENV.maxResponseSize,
    description: 'Largest response body read into memory (after decompression): bytes, or a number with KB, MB or GB.',
    defaultText: '50MB',
    check: (value) => {
      try {
        parseSize(value);
        return undefined;
      } catch {
        return 'must be a size such as 52428800, 512KB or 50MB';
      }
    },
  },
  {
    env: ENV.maxResponseMemory,
    description:
      'Memory budget for the bodies of all responses in flight together (every concurrent job of the connector): a job whose response would exceed it fails with RESPONSE_MEMORY_EXCEEDED (retried). Bytes, or a number with KB, MB or GB.',
    defaultText: '256MB',
    check: (value) => {
      try {
        parseSize(value, ENV.maxResponseMemory);
        return undefined;
      } catch {
        return 'must be a size such as 268435456, 512MB or 1GB';
      }
    },
  },
];

/** The REST connector configured from the environment. */
export const httpJsonConnector: HttpJsonConnector = createHttpJsonConnector();
