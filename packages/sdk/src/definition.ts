import type { InboundContext, OutboundContext, PollContext, PollResult, WebhookRequest, WebhookResponse } from './context.js';
import type { InputOf } from './infer.js';
import type { PropertyMap } from './properties.js';
import { parseIsoDuration } from './duration.js';

export interface PropertyGroup {
  id: string;
  label: string;
  tooltip?: string;
  openByDefault?: boolean;
}

/** An SVG or PNG as a data URI, or raw SVG markup. */
export type Icon = string;

/**
 * An operator setting of a connector: an environment variable the runtime accepts, validates at
 * start-up (an invalid value stops it with the variable and the rule), and lists in `--help`.
 */
export interface OperatorSetting {
  /** The variable, `CONNECTORKIT_<CONNECTOR>_<NAME>` (e.g. `CONNECTORKIT_HTTP_BLOCKED_HOSTS`). */
  env: string;
  description: string;
  /** The default as shown in help. */
  defaultText?: string;
  /** Checks a value: the rule it breaks (`must be a size such as 50MB`), or undefined when it is valid. */
  check?(value: string): string | undefined;
}

interface CommonDefinition<Props extends PropertyMap> {
  /** Template id, unique and stable (for example `io.connectorkit.http-json`). */
  id: string;
  name: string;
  /** Integer template version: bump it for every change of properties or bindings. */
  version: number;
  description?: string;
  icon?: Icon;
  documentationRef?: string;
  keywords?: readonly string[];
  /** Camunda versions the template targets (semver range), default `^8.6`. */
  engines?: string;
  groups?: readonly PropertyGroup[];
  properties: Props;
  /** Environment variables the connector reads (its operator settings). */
  settings?: readonly OperatorSetting[];
}

export interface OutboundDefinition<Props extends PropertyMap = PropertyMap, Result = unknown>
  extends CommonDefinition<Props> {
  /** Zeebe job type served by default (overridable by runtime configuration). */
  type: string;
  /** Default retries written into the template (default 3). */
  retries?: number;
  /** Default `retryBackoff` header written into the template (ISO-8601, default `PT30S`, as Camunda's stock templates). */
  retryBackoff?: string;
  execute(ctx: OutboundContext<InputOf<Props>>): Promise<Result> | Result;
}

export type InboundKind = 'webhook' | 'subscription' | 'polling';

/** BPMN elements an inbound connector can be attached to. */
export type InboundElement = 'start' | 'message-start' | 'intermediate' | 'boundary' | 'receive';

export const ALL_INBOUND_ELEMENTS: readonly InboundElement[] = ['start', 'message-start', 'intermediate', 'boundary', 'receive'];

interface InboundBase<Props extends PropertyMap> extends CommonDefinition<Props> {
  /** Value of the `inbound.type` property that selects this connector. */
  type: string;
  /** Elements it supports (default: all). */
  elements?: readonly InboundElement[];
  /** Called once when the runtime starts the connector; throw to refuse the configuration. */
  activate?(ctx: InboundContext<InputOf<Props>>): Promise<void> | void;
  /** Called when the connector stops; resolve once in-flight events are handled. */
  deactivate?(ctx: InboundContext<InputOf<Props>>): Promise<void> | void;
}

export interface WebhookDefinition<Props extends PropertyMap = PropertyMap> extends InboundBase<Props> {
  kind: 'webhook';
  /** Handles one request to `/inbound/<context>`; correlates through `ctx.correlate` and answers. */
  handle(request: WebhookRequest, ctx: InboundContext<InputOf<Props>>): Promise<WebhookResponse> | WebhookResponse;
}

export interface SubscriptionDefinition<Props extends PropertyMap = PropertyMap> extends InboundBase<Props> {
  kind: 'subscription';
  /** Starts consuming (must not block: return once the consumer runs) and correlates each event. */
  activate(ctx: InboundContext<InputOf<Props>>): Promise<void> | void;
}

export interface PollingDefinition<Props extends PropertyMap = PropertyMap> extends InboundBase<Props> {
  kind: 'polling';
  /**
   * Time between polls (ISO-8601 duration, default `PT30S`). An element overrides it with the
   * property `pollingInterval`; the runtime setting `CONNECTORKIT_POLL_INTERVAL_MIN` bounds it.
   */
  interval?: string;
  /**
   * One poll: read what is new since `ctx.cursor` and return it with the next cursor. The runtime
   * runs one poll at a time per source, correlates the items (dropping ids it already correlated),
   * and saves the cursor only once all were handled; a thrown error is retried with backoff.
   */
  poll(ctx: PollContext<InputOf<Props>>): Promise<PollResult> | PollResult;
}

export type InboundDefinition<Props extends PropertyMap = PropertyMap> =
  | WebhookDefinition<Props>
  | SubscriptionDefinition<Props>
  | PollingDefinition<Props>;

export type OutboundConnector<Props extends PropertyMap = PropertyMap, Result = unknown> = Readonly<
  OutboundDefinition<Props, Result>
> & { readonly direction: 'outbound' };

export type InboundConnector<Props extends PropertyMap = PropertyMap> = Readonly<InboundDefinition<Props>> & {
  readonly direction: 'inbound';
};

export type ConnectorDefinition = OutboundConnector | InboundConnector;

function checkCommon(def: CommonDefinition<PropertyMap>): void {
  const where = `connector "${def.id}"`;
  for (const s of def.settings ?? []) {
    if (!/^CONNECTORKIT_[A-Z0-9_]+$/.test(s.env)) throw new TypeError(`${where}: setting "${s.env}" must be named CONNECTORKIT_<UPPER_SNAKE_CASE>`);
  }
  if (!def.id || !/^[A-Za-z0-9_.:-]+$/.test(def.id)) throw new TypeError(`${where}: id must use letters, digits and . _ : -`);
  if (!Number.isInteger(def.version) || def.version < 1) throw new TypeError(`${where}: version must be a whole number >= 1`);
  const groups = new Set((def.groups ?? []).map((g) => g.id));
  for (const [key, prop] of Object.entries(def.properties)) {
    if (!/^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/.test(key)) {
      throw new TypeError(`${where}: property name "${key}" must be an identifier or a dotted path of identifiers`);
    }
    if (prop.options.group !== undefined && !groups.has(prop.options.group)) {
      throw new TypeError(`${where}: property "${key}" names group "${prop.options.group}", which is not declared`);
    }
  }
  const keys = Object.keys(def.properties);
  for (const a of keys) {
    for (const b of keys) {
      if (b.startsWith(`${a}.`)) throw new TypeError(`${where}: property "${a}" cannot also be the parent of "${b}"`);
    }
  }
}

/** Declares an outbound connector. The input type of `execute` is inferred from `properties`. */
export function defineOutbound<Props extends PropertyMap, Result>(
  def: OutboundDefinition<Props, Result>,
): OutboundConnector<Props, Result> {
  checkCommon(def as unknown as CommonDefinition<PropertyMap>);
  if (!def.type) throw new TypeError(`connector "${def.id}": type (the job type) is required`);
  if (def.retryBackoff !== undefined) parseIsoDuration(def.retryBackoff);
  return Object.freeze({ ...def, direction: 'outbound' as const });
}

/** Declares an inbound connector (webhook, subscription or polling). */
export function defineInbound<Props extends PropertyMap>(def: InboundDefinition<Props>): InboundConnector<Props> {
  checkCommon(def as unknown as CommonDefinition<PropertyMap>);
  if (!def.type) throw new TypeError(`connector "${def.id}": type (the inbound.type value) is required`);
  if (def.kind === 'webhook' && typeof def.handle !== 'function') {
    throw new TypeError(`connector "${def.id}": a webhook connector needs handle(request, ctx)`);
  }
  if (def.kind === 'subscription' && typeof def.activate !== 'function') {
    throw new TypeError(`connector "${def.id}": a subscription connector needs activate(ctx)`);
  }
  if (def.kind === 'polling') {
    if (typeof def.poll !== 'function') throw new TypeError(`connector "${def.id}": a polling connector needs poll(ctx)`);
    if (def.interval !== undefined) parseIsoDuration(def.interval);
  }
  return Object.freeze({ ...def, direction: 'inbound' as const }) as InboundConnector<Props>;
}
