import { defineInbound, p, silentLogger, staticSecrets, type InboundConnector } from '@connectorkit/sdk';
import type { CreateInstanceCommand, DefinitionSource, InboundEngine, ProcessDefinitionInfo, PublishMessageCommand } from '../src/engine/inbound.js';
import type { ExecutableDeps } from '../src/inbound/executable.js';
import { RuntimeMetrics } from '../src/observability/metrics.js';
import { sqliteStore } from '../src/state/sqlite.js';
import { WebhookRouter } from '../src/webhook/router.js';

/** Deployed definitions held in memory, with their XML; counts XML reads. */
export class FakeSource implements DefinitionSource {
  readonly address = 'http://fake';
  readonly defs = new Map<string, { info: ProcessDefinitionInfo; xml: string }>();
  xmlReads = 0;
  failXml = new Set<string>();
  private next = 1;

  deploy(processId: string, xml: string, tenantId = '<default>'): ProcessDefinitionInfo {
    const version = 1 + [...this.defs.values()].filter((d) => d.info.processDefinitionId === processId && d.info.tenantId === tenantId).length;
    const info = { processDefinitionKey: String(2251799813685000 + this.next++), processDefinitionId: processId, version, tenantId };
    this.defs.set(info.processDefinitionKey, { info, xml });
    return info;
  }

  delete(key: string): void {
    this.defs.delete(key);
  }

  async listDefinitions() {
    return [...this.defs.values()].map((d) => d.info);
  }

  async getXml(key: string) {
    this.xmlReads++;
    if (this.failXml.has(key)) throw new Error('503 from the engine');
    const d = this.defs.get(key);
    if (!d) throw new Error(`404 ${key}`);
    return d.xml;
  }
}

/** Records engine commands; `fail` makes the next command throw a gRPC-like error. */
export class FakeEngine implements InboundEngine {
  readonly instances: CreateInstanceCommand[] = [];
  readonly messages: PublishMessageCommand[] = [];
  private readonly ids = new Set<string>();
  fail: { code: number; message: string } | undefined;

  private maybeFail() {
    if (this.fail) {
      const f = this.fail;
      throw Object.assign(new Error(`${f.code} ${f.message}`), { code: f.code });
    }
  }

  async createProcessInstance(c: CreateInstanceCommand) {
    this.maybeFail();
    this.instances.push(c);
    return { processInstanceKey: String(4503599627370000 + this.instances.length) };
  }

  async publishMessage(c: PublishMessageCommand) {
    this.maybeFail();
    if (c.messageId && this.ids.has(c.messageId)) throw Object.assign(new Error('6 ALREADY_EXISTS: message exists'), { code: 6 });
    if (c.messageId) this.ids.add(c.messageId);
    this.messages.push(c);
    return { messageKey: String(6755399441055000 + this.messages.length) };
  }

  async close() {}
}

/** A subscription connector that records its life and hands its context to the test. */
export function recordingSubscription(type = 'test:subscription:1') {
  const events: string[] = [];
  const contexts: Parameters<NonNullable<InboundConnector['activate']>>[0][] = [];
  const connector = defineInbound({
    kind: 'subscription',
    id: `test.${type}`,
    name: 'Recording subscription',
    version: 1,
    type,
    properties: {
      queue: p.text({ label: 'Queue', required: true }),
      limit: p.number({ label: 'Limit', default: 1 }),
    },
    activate(ctx) {
      events.push(`activate ${ctx.properties.queue}`);
      contexts.push(ctx as never);
    },
    deactivate(ctx) {
      events.push(`deactivate ${ctx.properties.queue}`);
    },
  });
  return { connector, events, contexts };
}

export function deps(engine: InboundEngine, overrides: Partial<ExecutableDeps> = {}): ExecutableDeps {
  return {
    secrets: staticSecrets({ QUEUE: 'from-secret' }),
    engine: () => engine,
    store: sqliteStore(':memory:'),
    logger: silentLogger,
    metrics: new RuntimeMetrics({ defaultMetrics: false }),
    webhooks: new WebhookRouter(),
    polling: { defaultIntervalMs: 50, minIntervalMs: 10, owner: 'test', leaseMs: 1000 },
    activityLimit: 20,
    ...overrides,
  };
}
