import { ConnectorInputError } from '@connectorkit/sdk';
import type { Options } from 'amqplib';
import { AUTH_TYPE } from './properties.js';

/** Heartbeat (seconds) asked of the broker, so a dead TCP peer is noticed. */
export const HEARTBEAT_SECONDS = 30;

export interface ConnectionInput {
  authentication: { authType: 'uri' | 'credentials'; uri?: string | undefined; userName?: string | undefined; password?: string | undefined };
  routing?: { hostName?: string | undefined; port?: number | undefined; virtualHost?: string | undefined } | undefined;
}

export interface BrokerAddress {
  /** What amqplib connects with (credentials included: never log it). */
  target: string | Options.Connect;
  /** The address with the password masked: `amqp://user:***@host:5672/vhost`. Safe to log. */
  display: string;
  /** Replaces every credential in a text (an error message) by `***`. */
  redact(text: string): string;
}

function redactor(secrets: readonly string[]): (text: string) => string {
  const found = [...new Set(secrets.filter((s) => s.length >= 3))].sort((a, b) => b.length - a.length);
  return (text) => found.reduce((t, s) => t.split(s).join('***'), text);
}

function masked(protocol: string, user: string, host: string, port: string | number | undefined, vhost: string): string {
  const auth = user === '' ? '' : `${user}:***@`;
  const hostPort = port === undefined || port === '' ? host : `${host}:${port}`;
  return `${protocol}//${auth}${hostPort}/${encodeURIComponent(vhost)}`;
}

function fromUri(uri: string): BrokerAddress {
  let url: URL;
  try {
    url = new URL(uri.trim());
  } catch {
    // The text may hold credentials: name the field, never the value.
    throw new ConnectorInputError('Invalid input: authentication.uri: is not a valid amqp:// or amqps:// URI', {
      issues: [{ field: 'authentication.uri', rule: 'is not a valid URI' }],
    });
  }
  if (url.protocol !== 'amqp:' && url.protocol !== 'amqps:') {
    throw new ConnectorInputError('Invalid input: authentication.uri: must start with amqp:// or amqps://', {
      issues: [{ field: 'authentication.uri', rule: 'must start with amqp:// or amqps://' }],
    });
  }
  const password = url.password;
  const user = decodeURIComponent(url.username);
  if (!url.searchParams.has('heartbeat')) url.searchParams.set('heartbeat', String(HEARTBEAT_SECONDS));
  const vhost = url.pathname.length > 1 ? decodeURIComponent(url.pathname.slice(1)) : '/';
  return {
    target: url.toString(),
    display: masked(url.protocol, user, url.hostname, url.port, vhost),
    redact: redactor([uri.trim(), url.toString(), password, safeDecode(password)]),
  };
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function fromCredentials(input: ConnectionInput): BrokerAddress {
  const { userName = '', password = '' } = input.authentication;
  const hostName = input.routing?.hostName ?? '';
  const port = input.routing?.port ?? 5672;
  const vhost = input.routing?.virtualHost || '/';
  if (hostName.trim() === '') {
    throw new ConnectorInputError('Invalid input: routing.hostName: is required', {
      issues: [{ field: 'routing.hostName', rule: 'is required' }],
    });
  }
  return {
    target: { protocol: 'amqp', hostname: hostName.trim(), port, username: userName, password, vhost, heartbeat: HEARTBEAT_SECONDS },
    display: masked('amqp:', userName, hostName.trim(), port, vhost),
    redact: redactor([password]),
  };
}

/** Where to connect, from the element's authentication and routing properties. Throws ConnectorInputError naming the field. */
export function brokerAddress(input: ConnectionInput): BrokerAddress {
  if (input.authentication.authType === AUTH_TYPE.credentials) return fromCredentials(input);
  const uri = input.authentication.uri;
  if (uri === undefined || uri.trim() === '') {
    throw new ConnectorInputError('Invalid input: authentication.uri: is required', {
      issues: [{ field: 'authentication.uri', rule: 'is required' }],
    });
  }
  return fromUri(uri);
}
