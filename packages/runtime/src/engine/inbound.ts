import type { ConnectorLogger } from '@connectorkit/sdk';
import { grpcCode } from './errors.js';
import { sdkLogger } from './sdk-logger.js';

/** A process definition as the Orchestration Cluster REST API v2 lists it. */
export interface ProcessDefinitionInfo {
  processDefinitionKey: string;
  /** The BPMN process id. */
  processDefinitionId: string;
  version: number;
  tenantId: string;
}

/** Where inbound discovery reads deployed processes: Camunda's REST API v2 (or a fake in tests). */
export interface DefinitionSource {
  /** Where it reads from, for log lines (never a credential). */
  readonly address: string;
  /** Every deployed process definition, all pages. */
  listDefinitions(): Promise<ProcessDefinitionInfo[]>;
  /** The BPMN XML of one definition. */
  getXml(processDefinitionKey: string): Promise<string>;
}

export interface CreateInstanceCommand {
  bpmnProcessId: string;
  /** The version of the definition whose start event took the event. */
  version: number;
  variables: Record<string, unknown>;
  tenantId?: string;
}

export interface PublishMessageCommand {
  name: string;
  correlationKey: string;
  messageId?: string;
  timeToLiveMs: number;
  variables: Record<string, unknown>;
  tenantId?: string;
}

/** The two commands inbound correlation sends. They fail fast: the caller decides about retries. */
export interface InboundEngine {
  createProcessInstance(command: CreateInstanceCommand): Promise<{ processInstanceKey: string }>;
  publishMessage(command: PublishMessageCommand): Promise<{ messageKey: string }>;
  close(): Promise<void>;
}

/** gRPC status of an engine command failure (`code`, or the number the SDK puts first in the message). */
export const grpcStatus = grpcCode;

const REST_PAGE_LIMIT = 200;
const TENANT_DEFAULT = '<default>';

/** The REST address the SDK would use, or undefined when none is configured (inbound is then off). */
export function restAddressFromEnv(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const value = (env.ZEEBE_REST_ADDRESS || env.CAMUNDA_REST_ADDRESS || '').trim();
  return value === '' ? undefined : value.replace(/\/+$/, '');
}

interface SearchPage {
  items?: { processDefinitionKey?: unknown; processDefinitionId?: unknown; version?: unknown; tenantId?: unknown }[];
  page?: { endCursor?: unknown };
}

/**
 * The engine's REST API v2 through `@camunda8/sdk`'s REST client, configured by the SDK's own
 * variables (`ZEEBE_REST_ADDRESS` or `CAMUNDA_REST_ADDRESS`, `CAMUNDA_AUTH_STRATEGY`, OAuth...).
 * Paging follows `endCursor` until a page comes back short or empty, and never loops on a
 * cursor that does not advance.
 */
export async function createDefinitionSource(options: { address: string; logger: ConnectorLogger }): Promise<DefinitionSource> {
  const { Camunda8 } = await import('@camunda8/sdk');
  const c8 = new Camunda8({ logger: sdkLogger(options.logger), ZEEBE_REST_ADDRESS: options.address } as never);
  const rest = c8.getCamundaRestClient(undefined, { retry: { limit: 1 } } as never);
  return {
    address: options.address,
    async listDefinitions() {
      const out: ProcessDefinitionInfo[] = [];
      const seenCursors = new Set<string>();
      let after: string | undefined;
      for (;;) {
        const request = { sort: [], filter: {}, page: { limit: REST_PAGE_LIMIT, ...(after ? { after } : {}) } };
        const page = (await rest.searchProcessDefinitions(request as never)) as unknown as SearchPage;
        const items = page.items ?? [];
        for (const item of items) {
          if (item.processDefinitionKey === undefined || typeof item.processDefinitionId !== 'string') continue;
          out.push({
            processDefinitionKey: String(item.processDefinitionKey),
            processDefinitionId: item.processDefinitionId,
            version: Number(item.version),
            tenantId: typeof item.tenantId === 'string' && item.tenantId !== '' ? item.tenantId : TENANT_DEFAULT,
          });
        }
        const cursor = typeof page.page?.endCursor === 'string' ? page.page.endCursor : undefined;
        if (items.length < REST_PAGE_LIMIT || !cursor || seenCursors.has(cursor)) return out;
        seenCursors.add(cursor);
        after = cursor;
      }
    },
    async getXml(processDefinitionKey) {
      return String(await rest.getProcessDefinitionXML(processDefinitionKey));
    },
  };
}

/**
 * Inbound engine commands over gRPC, with the SDK's own retries turned off: a webhook caller or a
 * queue gets a fast, honest failure (and retries itself) instead of a request hanging for minutes.
 */
export async function createInboundEngine(options: { logger: ConnectorLogger }): Promise<InboundEngine> {
  const { Camunda8 } = await import('@camunda8/sdk');
  const c8 = new Camunda8({
    logger: sdkLogger(options.logger),
    zeebeGrpcSettings: {
      ZEEBE_CLIENT_LOG_LEVEL: (process.env.ZEEBE_CLIENT_LOG_LEVEL as 'NONE' | undefined) ?? 'NONE',
      ZEEBE_GRPC_CLIENT_RETRY: false,
    },
  } as never);
  const zb = c8.getZeebeGrpcApiClient();
  // The engine accepts `<default>` as the default tenant's id, as Camunda's runtime sends it.
  const tenant = (t: string | undefined) => (t ? { tenantId: t } : {});
  return {
    async createProcessInstance(command) {
      const r = await zb.createProcessInstance({
        bpmnProcessId: command.bpmnProcessId,
        version: command.version,
        variables: command.variables as never,
        ...tenant(command.tenantId),
      } as never);
      return { processInstanceKey: String((r as { processInstanceKey: unknown }).processInstanceKey) };
    },
    async publishMessage(command) {
      const r = await zb.publishMessage({
        name: command.name,
        correlationKey: command.correlationKey,
        ...(command.messageId ? { messageId: command.messageId } : {}),
        timeToLive: command.timeToLiveMs,
        variables: command.variables as never,
        ...tenant(command.tenantId),
      } as never);
      return { messageKey: String((r as { key?: unknown }).key ?? '') };
    },
    async close() {
      await zb.close(2000).catch(() => undefined);
    },
  };
}
