/**
 * What Camunda Modeler writes into a service task when a user applies an element template and fills
 * its fields: `zeebe:modelerTemplate(Version)`, the task definition, one `zeebe:input` per filled
 * input field and one `zeebe:header` per filled header field, in the template's order. Used by
 * `generate.ts` to write the BPMN files under `bpmn/stock/` from Camunda's own stock templates, so
 * the binding names, defaults, conditions and FEEL modes come from Camunda and not from us.
 *
 * The rules mirror Modeler's (bpmn-js-element-templates, Zeebe flavour):
 * - a field keeps the template's default value unless the user typed another one (`null`: cleared);
 * - a field whose condition is not met is not written (and cannot be filled);
 * - an empty field is not written;
 * - `feel: "required"` text is always a FEEL expression (`=` added when missing);
 * - Number and Boolean fields with `feel: "static"` or `"optional"` are stored as FEEL literals
 *   (`=20`, `=false`);
 * - everything else (dropdowns, hidden values, `feel: "optional"` text) is written as given, so a
 *   plain string stays a plain string and `=...` is FEEL.
 * The template icon (`zeebe:modelerTemplateIcon`) is left out: it is Camunda's artwork, and the
 * engine ignores it.
 */

/** The parts of an element template (Camunda's JSON schema) that applying it needs. */
export interface ElementTemplate {
  id: string;
  name: string;
  version?: number;
  engines?: { camunda?: string };
  deprecated?: unknown;
  properties: TemplateProperty[];
}

export interface TemplateProperty {
  id?: string;
  type: string;
  value?: string | number | boolean;
  feel?: 'optional' | 'required' | 'static';
  optional?: boolean;
  binding: { type: string; name?: string; key?: string; property?: string };
  condition?: Condition;
}

type Condition =
  | { property: string; equals?: unknown; oneOf?: unknown[]; isEmpty?: boolean; type?: string }
  | { allMatch: Condition[] };

/** What the user typed or picked, by field id (`null` clears a default). */
export type FieldValues = Record<string, string | number | boolean | null>;

export interface AppliedTemplate {
  templateId: string;
  templateVersion: number | undefined;
  jobType: string;
  retries: string | undefined;
  inputs: { source: string; target: string }[];
  headers: { key: string; value: string }[];
}

/** A field's id: `id`, or for the older templates without one, what it binds to. */
const fieldId = (p: TemplateProperty): string => p.id ?? p.binding.name ?? p.binding.key ?? `${p.binding.type}:${p.binding.property}`;

const isEmpty = (v: unknown): boolean => v === undefined || v === null || v === '';

function conditionMet(c: Condition | undefined, values: Map<string, unknown>): boolean {
  if (!c) return true;
  if ('allMatch' in c) return c.allMatch.every((x) => conditionMet(x, values));
  const v = values.get(c.property);
  if ('equals' in c) return v === c.equals;
  if (c.oneOf) return c.oneOf.includes(v);
  if (c.isEmpty !== undefined) return isEmpty(v) === c.isEmpty;
  throw new Error(`unsupported condition ${JSON.stringify(c)}`);
}

/** How Modeler persists a value in a `zeebe:input` source or a `zeebe:header` value. */
function persisted(p: TemplateProperty, value: string | number | boolean): string {
  const text = String(value);
  if ((p.type === 'Number' || p.type === 'Boolean') && (p.feel === 'static' || p.feel === 'optional')) {
    return text.startsWith('=') ? text : `=${text}`;
  }
  if (p.feel === 'required') return text.startsWith('=') ? text : `=${text}`;
  return text;
}

/** Applies `template` to a service task with the user's `values`, as Modeler would. */
export function applyTemplate(template: ElementTemplate, values: FieldValues): AppliedTemplate {
  const ids = new Set(template.properties.map(fieldId));
  for (const key of Object.keys(values)) {
    if (!ids.has(key)) throw new Error(`${template.id} v${template.version}: no field "${key}" (fields: ${[...ids].join(', ')})`);
  }

  // Effective values: the user's, else the default; a field whose condition fails has none. Conditions
  // can depend on fields that are themselves conditional, so settle them to a fixed point.
  const effective = new Map<string, unknown>();
  const active = new Set<string>();
  for (let round = 0; round < template.properties.length + 1; round++) {
    let changed = false;
    for (const p of template.properties) {
      const id = fieldId(p);
      const on = conditionMet(p.condition, effective);
      const value = on ? (id in values ? values[id] : p.value) : undefined;
      if (on !== active.has(id) || effective.get(id) !== value) changed = true;
      if (on) active.add(id);
      else active.delete(id);
      effective.set(id, value);
    }
    if (!changed) break;
  }
  for (const key of Object.keys(values)) {
    if (!active.has(key)) throw new Error(`${template.id} v${template.version}: field "${key}" is hidden by its condition`);
  }

  const applied: AppliedTemplate = {
    templateId: template.id,
    templateVersion: template.version,
    jobType: '',
    retries: undefined,
    inputs: [],
    headers: [],
  };
  for (const p of template.properties) {
    const id = fieldId(p);
    const value = effective.get(id) as string | number | boolean | null | undefined;
    if (!active.has(id) || isEmpty(value)) continue;
    const b = p.binding;
    if ((b.type === 'zeebe:taskDefinition' && b.property === 'type') || b.type === 'zeebe:taskDefinition:type') {
      applied.jobType = String(value);
    } else if (b.type === 'zeebe:taskDefinition' && b.property === 'retries') {
      applied.retries = String(value);
    } else if (b.type === 'zeebe:input') {
      applied.inputs.push({ source: persisted(p, value!), target: b.name! });
    } else if (b.type === 'zeebe:taskHeader') {
      applied.headers.push({ key: b.key!, value: persisted(p, value!) });
    } else {
      throw new Error(`${template.id} v${template.version}: binding ${JSON.stringify(b)} is not supported by this generator`);
    }
  }
  if (!applied.jobType) throw new Error(`${template.id} v${template.version}: no job type`);
  return applied;
}

/** Attribute text as Modeler (moddle) writes it: quotes, ampersands, angle brackets and line breaks escaped. */
export function attr(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/\n/g, '&#10;')
    .replace(/\t/g, '&#9;');
}

export interface StockProcess {
  /** BPMN process id (also the file's subject). */
  processId: string;
  processName: string;
  /** A line for the XML comment at the top: where the file comes from. */
  provenance: string;
  task: { id: string; name: string; applied: AppliedTemplate };
  /** Optional error boundary event on the task, with its own end event. */
  boundary?: {
    id: string;
    name: string;
    errorCode: string;
    outputs: { source: string; target: string }[];
    endId: string;
    endName: string;
  };
  endId: string;
  endName: string;
}

/** A whole BPMN file (process and diagram) around one templated service task. */
export function bpmnFile(p: StockProcess): string {
  const t = p.task;
  const a = t.applied;
  const b = p.boundary;
  const errorId = b ? `Error_${b.errorCode}` : '';
  const lines: string[] = [];
  const push = (s: string) => lines.push(s);

  push('<?xml version="1.0" encoding="UTF-8"?>');
  push(`<!-- ${p.provenance} -->`);
  push(
    '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" ' +
      'xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" ' +
      'xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:modeler="http://camunda.org/schema/modeler/1.0" ' +
      `id="Definitions_${p.processId}" targetNamespace="http://bpmn.io/schema/bpmn" ` +
      'modeler:executionPlatform="Camunda Cloud" modeler:executionPlatformVersion="8.8.0">',
  );
  push(`  <bpmn:process id="${p.processId}" name="${attr(p.processName)}" isExecutable="true">`);
  push('    <bpmn:startEvent id="StartEvent_1">');
  push('      <bpmn:outgoing>Flow_start</bpmn:outgoing>');
  push('    </bpmn:startEvent>');
  const version = a.templateVersion === undefined ? '' : ` zeebe:modelerTemplateVersion="${a.templateVersion}"`;
  push(`    <bpmn:serviceTask id="${t.id}" name="${attr(t.name)}" zeebe:modelerTemplate="${attr(a.templateId)}"${version}>`);
  push('      <bpmn:extensionElements>');
  push(`        <zeebe:taskDefinition type="${attr(a.jobType)}"${a.retries === undefined ? '' : ` retries="${attr(a.retries)}"`} />`);
  if (a.inputs.length > 0) {
    push('        <zeebe:ioMapping>');
    for (const i of a.inputs) push(`          <zeebe:input source="${attr(i.source)}" target="${attr(i.target)}" />`);
    push('        </zeebe:ioMapping>');
  }
  if (a.headers.length > 0) {
    push('        <zeebe:taskHeaders>');
    for (const h of a.headers) push(`          <zeebe:header key="${attr(h.key)}" value="${attr(h.value)}" />`);
    push('        </zeebe:taskHeaders>');
  }
  push('      </bpmn:extensionElements>');
  push('      <bpmn:incoming>Flow_start</bpmn:incoming>');
  push('      <bpmn:outgoing>Flow_done</bpmn:outgoing>');
  push('    </bpmn:serviceTask>');
  push(`    <bpmn:endEvent id="${p.endId}" name="${attr(p.endName)}">`);
  push('      <bpmn:incoming>Flow_done</bpmn:incoming>');
  push('    </bpmn:endEvent>');
  push(`    <bpmn:sequenceFlow id="Flow_start" sourceRef="StartEvent_1" targetRef="${t.id}" />`);
  push(`    <bpmn:sequenceFlow id="Flow_done" sourceRef="${t.id}" targetRef="${p.endId}" />`);
  if (b) {
    push(`    <bpmn:boundaryEvent id="${b.id}" name="${attr(b.name)}" attachedToRef="${t.id}">`);
    if (b.outputs.length > 0) {
      push('      <bpmn:extensionElements>');
      push('        <zeebe:ioMapping>');
      for (const o of b.outputs) push(`          <zeebe:output source="${attr(o.source)}" target="${attr(o.target)}" />`);
      push('        </zeebe:ioMapping>');
      push('      </bpmn:extensionElements>');
    }
    push('      <bpmn:outgoing>Flow_error</bpmn:outgoing>');
    push(`      <bpmn:errorEventDefinition id="ErrorEventDefinition_${b.id}" errorRef="${errorId}" />`);
    push('    </bpmn:boundaryEvent>');
    push(`    <bpmn:endEvent id="${b.endId}" name="${attr(b.endName)}">`);
    push('      <bpmn:incoming>Flow_error</bpmn:incoming>');
    push('    </bpmn:endEvent>');
    push(`    <bpmn:sequenceFlow id="Flow_error" sourceRef="${b.id}" targetRef="${b.endId}" />`);
  }
  push('  </bpmn:process>');
  if (b) push(`  <bpmn:error id="${errorId}" name="${attr(b.errorCode)}" errorCode="${attr(b.errorCode)}" />`);

  // Diagram: start -> task -> end in a row; the boundary event at the task's bottom, to an end below.
  push('  <bpmndi:BPMNDiagram id="BPMNDiagram_1">');
  push(`    <bpmndi:BPMNPlane id="BPMNPlane_1" bpmnElement="${p.processId}">`);
  const shape = (id: string, x: number, y: number, w: number, h: number) =>
    `      <bpmndi:BPMNShape id="${id}_di" bpmnElement="${id}">\n        <dc:Bounds x="${x}" y="${y}" width="${w}" height="${h}" />\n      </bpmndi:BPMNShape>`;
  const edge = (id: string, points: [number, number][]) =>
    `      <bpmndi:BPMNEdge id="${id}_di" bpmnElement="${id}">\n${points
      .map(([x, y]) => `        <di:waypoint x="${x}" y="${y}" />`)
      .join('\n')}\n      </bpmndi:BPMNEdge>`;
  push(shape('StartEvent_1', 152, 102, 36, 36));
  push(shape(t.id, 240, 80, 100, 80));
  push(shape(p.endId, 392, 102, 36, 36));
  if (b) {
    push(shape(b.id, 272, 142, 36, 36));
    push(shape(b.endId, 392, 222, 36, 36));
  }
  push(edge('Flow_start', [[188, 120], [240, 120]]));
  push(edge('Flow_done', [[340, 120], [392, 120]]));
  if (b) push(edge('Flow_error', [[290, 178], [290, 240], [392, 240]]));
  push('    </bpmndi:BPMNPlane>');
  push('  </bpmndi:BPMNDiagram>');
  push('</bpmn:definitions>');
  return `${lines.join('\n')}\n`;
}
