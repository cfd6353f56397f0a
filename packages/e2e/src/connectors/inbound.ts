import { defineInbound, p, type CorrelationResult, type InboundContext } from '@connectorkit/sdk';

/**
 * Inbound connectors for the end-to-end tests. Their `inbound.type` carries a suffix per test run,
 * so leftovers of earlier runs on a shared engine never activate them.
 */

type Feed = { correlate(variables: Record<string, unknown>, options?: { messageId?: string }): Promise<CorrelationResult> };

/** Running subscriptions by their `channel` property: the test feeds events through them. */
export const channels = new Map<string, Feed>();

export function testSubscription(suffix: string) {
  return defineInbound({
    kind: 'subscription',
    id: `e2e.subscription.${suffix}`,
    name: 'E2E subscription',
    version: 1,
    type: `e2e:subscription:${suffix}`,
    properties: {
      channel: p.text({ label: 'Channel', required: true }),
      limit: p.number({ label: 'Limit', default: 10, integer: true }),
    },
    activate(ctx) {
      channels.set(ctx.properties.channel, ctx);
    },
    deactivate(ctx) {
      if (channels.get(ctx.properties.channel) === (ctx as Feed)) channels.delete(ctx.properties.channel);
    },
  });
}

/** What a polling source holds, and what its polls saw. */
export interface Source {
  items: { id: string; variables: Record<string, unknown> }[];
  /** Cursors handed to `poll`, in order. */
  cursors: unknown[];
  polls: number;
  /** Polls running at this moment, and the most seen at once. */
  running: number;
  maxRunning: number;
}

export const sources = new Map<string, Source>();

export function source(name: string): Source {
  let s = sources.get(name);
  if (!s) sources.set(name, (s = { items: [], cursors: [], polls: 0, running: 0, maxRunning: 0 }));
  return s;
}

/** Polls a test source: the cursor is the index of the next item; each poll takes at most `page` items. */
export function testPolling(suffix: string) {
  return defineInbound({
    kind: 'polling',
    id: `e2e.polling.${suffix}`,
    name: 'E2E polling',
    version: 1,
    type: `e2e:polling:${suffix}`,
    interval: 'PT0.2S',
    properties: {
      source: p.text({ label: 'Source', required: true }),
      page: p.number({ label: 'Page size', default: 2, integer: true }),
      pollingInterval: p.text({ label: 'Polling interval', default: 'PT0.2S' }),
    },
    async poll(ctx) {
      const s = source(ctx.properties.source);
      s.polls++;
      s.running++;
      s.maxRunning = Math.max(s.maxRunning, s.running);
      try {
        s.cursors.push(ctx.cursor);
        await new Promise((r) => setTimeout(r, 20)); // a poll takes time: overlapping polls would show
        const from = typeof ctx.cursor === 'number' ? ctx.cursor : 0;
        const items = s.items.slice(from, from + ctx.properties.page);
        return { items, cursor: from + items.length, more: from + items.length < s.items.length };
      } finally {
        s.running--;
      }
    },
  });
}

export type AnyInboundContext = InboundContext<Record<string, unknown>>;
