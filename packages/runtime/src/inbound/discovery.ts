import type { ConnectorLogger } from '@connectorkit/sdk';
import type { DefinitionSource, ProcessDefinitionInfo } from '../engine/inbound.js';
import { readInboundElements, type InboundElementSpec } from './bpmn.js';

/** An inbound element of one deployed process definition version. */
export interface DiscoveredElement extends InboundElementSpec {
  tenantId: string;
  processDefinitionKey: string;
  version: number;
}

/** A definition whose XML could not be used (shown to operators; the others go on). */
export interface DefinitionProblem {
  processDefinitionKey: string;
  bpmnProcessId: string;
  version: number;
  tenantId: string;
  reason: string;
}

/** The whole inbound state of the cluster, as one discovery round saw it. */
export interface DiscoveryState {
  /** Elements that should run: start events of the newest version only, catch events of every version. */
  elements: DiscoveredElement[];
  problems: DefinitionProblem[];
  /** Definitions listed this round. */
  definitions: number;
}

type Parsed = { elements: InboundElementSpec[] } | { problem: string };

const STARTS = new Set(['start', 'message-start']);
const XML_CONCURRENCY = 4;

/**
 * Reads what is deployed and returns the whole inbound state. Each definition's XML is read and
 * parsed once (definitions never change; a new version is a new key); definitions no longer listed
 * (deleted) are forgotten. A failed XML read is retried next round; XML that does not parse is
 * reported as a problem and not read again.
 */
export class Discovery {
  private readonly parsed = new Map<string, Parsed>();
  /** XML reads done so far (for tests and the benchmark). */
  xmlReads = 0;

  constructor(
    private readonly source: DefinitionSource,
    private readonly logger: ConnectorLogger,
  ) {}

  async round(): Promise<DiscoveryState> {
    const definitions = await this.source.listDefinitions();
    const listed = new Set(definitions.map((d) => d.processDefinitionKey));
    for (const key of this.parsed.keys()) if (!listed.has(key)) this.parsed.delete(key);

    const unread = definitions.filter((d) => !this.parsed.has(d.processDefinitionKey));
    let next = 0;
    const worker = async () => {
      while (next < unread.length) {
        const d = unread[next++]!;
        await this.read(d);
      }
    };
    await Promise.all(Array.from({ length: Math.min(XML_CONCURRENCY, unread.length) }, worker));

    const newest = new Map<string, number>();
    for (const d of definitions) {
      const id = `${d.tenantId}\u0000${d.processDefinitionId}`;
      newest.set(id, Math.max(newest.get(id) ?? 0, d.version));
    }
    const elements: DiscoveredElement[] = [];
    const problems: DefinitionProblem[] = [];
    for (const d of definitions) {
      const parsed = this.parsed.get(d.processDefinitionKey);
      if (!parsed) continue; // read failed this round; retried next round
      const info = { processDefinitionKey: d.processDefinitionKey, bpmnProcessId: d.processDefinitionId, version: d.version, tenantId: d.tenantId };
      if ('problem' in parsed) {
        problems.push({ ...info, reason: parsed.problem });
        continue;
      }
      const isNewest = newest.get(`${d.tenantId}\u0000${d.processDefinitionId}`) === d.version;
      for (const e of parsed.elements) {
        if (STARTS.has(e.element) && !isNewest) continue;
        elements.push({ ...e, tenantId: d.tenantId, processDefinitionKey: d.processDefinitionKey, version: d.version });
      }
    }
    return { elements, problems, definitions: definitions.length };
  }

  private async read(d: ProcessDefinitionInfo): Promise<void> {
    let xml: string;
    try {
      this.xmlReads++;
      xml = await this.source.getXml(d.processDefinitionKey);
    } catch (e) {
      this.logger.warn(
        { processDefinitionKey: d.processDefinitionKey, bpmnProcessId: d.processDefinitionId, reason: e instanceof Error ? e.message : String(e) },
        'could not read the XML of a process definition; trying again next round',
      );
      return;
    }
    try {
      const byProcess = await readInboundElements(xml);
      this.parsed.set(d.processDefinitionKey, { elements: byProcess.get(d.processDefinitionId) ?? [] });
    } catch (e) {
      this.parsed.set(d.processDefinitionKey, { problem: `the BPMN XML could not be read: ${e instanceof Error ? e.message : String(e)}` });
    }
  }
}
