// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- declares bpmn-moddle's untyped main export for every package that typechecks these sources
/// <reference path="./bpmn-moddle.d.ts" />
import type { BpmnModdle } from 'bpmn-moddle';
import { createRequire } from 'node:module';
import type { InboundElement } from '@connectorkit/sdk';

/** The `zeebe:property` name that marks an element as an inbound connector. */
export const INBOUND_TYPE_PROPERTY = 'inbound.type';

/** One BPMN element that carries an inbound connector, as read from a process definition's XML. */
export interface InboundElementSpec {
  /** Process id (`bpmnProcessId`) of the process the element belongs to. */
  bpmnProcessId: string;
  elementId: string;
  element: InboundElement;
  /** Message name (message start, intermediate, boundary, receive). */
  messageName?: string;
  /** `zeebe:subscription` correlation key expression of the message (catch events). */
  subscriptionCorrelationKey?: string;
  /** Boundary events: the activity it is attached to. */
  attachedToRef?: string;
  /** Every `zeebe:property` of the element, by name, as written in the XML. */
  properties: Record<string, string>;
}

interface Node {
  $type: string;
  id?: string;
  [key: string]: unknown;
}

const list = (v: unknown): Node[] => (Array.isArray(v) ? (v as Node[]) : []);

function zeebeProperties(el: Node): Record<string, string> | undefined {
  const ext = el.extensionElements as Node | undefined;
  let props: Record<string, string> | undefined;
  for (const v of list(ext?.values)) {
    if (v.$type !== 'zeebe:Properties') continue;
    for (const p of list(v.properties)) {
      if (typeof p.name !== 'string') continue;
      (props ??= {})[p.name] = typeof p.value === 'string' ? p.value : '';
    }
  }
  return props;
}

function messageOf(el: Node): { name?: string; key?: string } | undefined {
  const direct = el.messageRef as Node | undefined;
  const def = list(el.eventDefinitions).find((d) => d.$type === 'bpmn:MessageEventDefinition');
  const message = direct ?? (def?.messageRef as Node | undefined);
  if (!message && !def) return undefined;
  if (!message) return {};
  const sub = list((message.extensionElements as Node | undefined)?.values).find((v) => v.$type === 'zeebe:Subscription');
  return {
    ...(typeof message.name === 'string' ? { name: message.name } : {}),
    ...(typeof sub?.correlationKey === 'string' ? { key: sub.correlationKey } : {}),
  };
}

function kindOf(el: Node, message: { name?: string } | undefined): InboundElement | undefined {
  switch (el.$type) {
    case 'bpmn:StartEvent':
      if (list(el.eventDefinitions).length === 0) return 'start';
      return message ? 'message-start' : undefined;
    case 'bpmn:IntermediateCatchEvent':
      return message ? 'intermediate' : undefined;
    case 'bpmn:BoundaryEvent':
      return message ? 'boundary' : undefined;
    case 'bpmn:ReceiveTask':
      return 'receive';
    default:
      return undefined;
  }
}

function walk(container: Node, bpmnProcessId: string, out: InboundElementSpec[]): void {
  for (const el of list(container.flowElements)) {
    const properties = zeebeProperties(el);
    if (properties?.[INBOUND_TYPE_PROPERTY]) {
      const message = messageOf(el);
      const element = kindOf(el, message);
      if (element && el.id) {
        out.push({
          bpmnProcessId,
          elementId: el.id,
          element,
          ...(message?.name !== undefined ? { messageName: message.name } : {}),
          ...(message?.key !== undefined ? { subscriptionCorrelationKey: message.key } : {}),
          ...(el.$type === 'bpmn:BoundaryEvent' && (el.attachedToRef as Node | undefined)?.id
            ? { attachedToRef: (el.attachedToRef as Node).id }
            : {}),
          properties,
        });
      }
    }
    if (Array.isArray(el.flowElements)) walk(el, bpmnProcessId, out); // sub-processes, event sub-processes
  }
}

/**
 * bpmn-moddle and the Zeebe schema are loaded on the first BPMN document read (inbound discovery),
 * not at start-up: a runtime with inbound off never loads them.
 */
let moddle: Promise<BpmnModdle> | undefined;
async function loadModdle(): Promise<BpmnModdle> {
  const { BpmnModdle } = await import('bpmn-moddle');
  const zeebeSchema = createRequire(import.meta.url)('zeebe-bpmn-moddle/resources/zeebe.json') as Record<string, unknown>;
  return new BpmnModdle({ zeebe: zeebeSchema });
}

/**
 * Reads the inbound connector elements of every process in a BPMN document: none and message start
 * events, intermediate catch events, boundary events and receive tasks carrying the `zeebe:property`
 * `inbound.type`, including those inside (event) sub-processes. Throws on XML that does not parse.
 */
export async function readInboundElements(xml: string): Promise<Map<string, InboundElementSpec[]>> {
  const { rootElement } = await (await (moddle ??= loadModdle())).fromXML(xml, 'bpmn:Definitions');
  const byProcess = new Map<string, InboundElementSpec[]>();
  for (const root of list(rootElement.rootElements)) {
    if (root.$type !== 'bpmn:Process' || !root.id) continue;
    const found: InboundElementSpec[] = [];
    walk(root, root.id, found);
    byProcess.set(root.id, found);
  }
  return byProcess;
}
