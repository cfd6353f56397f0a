/**
 * Element template generation: one connector definition -> the JSON templates Camunda Modeler shows.
 *
 * Outbound: one template for `bpmn:ServiceTask` (applies to any task), id = connector id.
 * Inbound: one template per supported BPMN element, id = `<connector id>.<element>`:
 *
 * | element         | template id            | element type                                        |
 * |-----------------|------------------------|-----------------------------------------------------|
 * | `start`         | `<id>.start`           | none start event                                    |
 * | `message-start` | `<id>.message-start`   | message start event                                 |
 * | `intermediate`  | `<id>.intermediate`    | message intermediate catch event                    |
 * | `boundary`      | `<id>.boundary`        | message boundary event                              |
 * | `receive`       | `<id>.receive`         | receive task                                        |
 *
 * The bindings the runtime reads (`zeebe:input` names, task header keys, `zeebe:property` names such
 * as `inbound.type`, `activationCondition`, `correlationKeyExpression`, `deduplicationMode`, ...) are
 * the ones Camunda's own templates write, so a model built with Camunda's stock templates binds the
 * same way. Output is deterministic: same definition, same JSON, no timestamps.
 */
import { ALL_INBOUND_ELEMENTS } from '../definition.js';
import type { ConnectorDefinition, InboundConnector, InboundElement, OutboundConnector } from '../definition.js';
import type { AnyProperty, Condition, PropertyMap, Scalar } from '../properties.js';
import { checkTemplate } from './check.js';
import {
  ELEMENT_TEMPLATE_SCHEMA,
  type ElementTemplate,
  type TemplateBinding,
  type TemplateCondition,
  type TemplateConstraints,
  type TemplateGroup,
  type TemplateProperty,
  type TemplateSimpleCondition,
} from './types.js';

export * from './types.js';
export { checkTemplate } from './check.js';

export interface GenerateOptions {
  /** Outbound only: job type written into the template instead of `connector.type`. */
  jobType?: string;
}

/** Camunda version range a template targets when the connector names none. */
export const DEFAULT_ENGINES = '^8.6';

/**
 * ISO-8601 durations the runtime's `retryBackoff` parser accepts (weeks, days, hours, minutes,
 * seconds; no years or months), as a template pattern.
 */
export const ISO_DURATION_PATTERN =
  '^P(?!$)(\\d+(\\.\\d+)?W)?(\\d+(\\.\\d+)?D)?(T(?=\\d)(\\d+(\\.\\d+)?H)?(\\d+(\\.\\d+)?M)?(\\d+(\\.\\d+)?S)?)?$';

interface ElementInfo {
  suffix: string;
  appliesTo: string[];
  elementType: { value: string; eventDefinition?: string };
}

const MESSAGE = 'bpmn:MessageEventDefinition';

/** Template name suffix, `appliesTo` and `elementType` of each inbound element. */
export const INBOUND_ELEMENT_INFO: Readonly<Record<InboundElement, Readonly<ElementInfo>>> = {
  start: { suffix: 'Start event', appliesTo: ['bpmn:StartEvent'], elementType: { value: 'bpmn:StartEvent' } },
  'message-start': {
    suffix: 'Message start event',
    appliesTo: ['bpmn:StartEvent'],
    elementType: { value: 'bpmn:StartEvent', eventDefinition: MESSAGE },
  },
  intermediate: {
    suffix: 'Intermediate catch event',
    appliesTo: ['bpmn:IntermediateCatchEvent', 'bpmn:IntermediateThrowEvent'],
    elementType: { value: 'bpmn:IntermediateCatchEvent', eventDefinition: MESSAGE },
  },
  boundary: {
    suffix: 'Boundary event',
    appliesTo: ['bpmn:BoundaryEvent'],
    elementType: { value: 'bpmn:BoundaryEvent', eventDefinition: MESSAGE },
  },
  receive: { suffix: 'Receive task', appliesTo: ['bpmn:ReceiveTask'], elementType: { value: 'bpmn:ReceiveTask' } },
};

/** Id of the inbound template of `connectorId` for one element (see the table at the top of this file). */
export function inboundTemplateId(connectorId: string, element: InboundElement): string {
  return `${connectorId}.${element}`;
}

/**
 * The element templates of a connector: one for an outbound connector, one per supported element
 * (`connector.elements`, default all, in the order of `ALL_INBOUND_ELEMENTS`) for an inbound one.
 * Throws a TypeError when a template would be inconsistent (see {@link checkTemplate}).
 */
export function generateTemplates(connector: ConnectorDefinition, options: GenerateOptions = {}): ElementTemplate[] {
  const templates =
    connector.direction === 'outbound'
      ? [outboundTemplate(connector, options)]
      : inboundElements(connector).map((element) => inboundTemplate(connector, element));
  for (const t of templates) {
    const issues = checkTemplate(t);
    if (issues.length > 0) throw new TypeError(`element template "${t.id}" is inconsistent:\n- ${issues.join('\n- ')}`);
  }
  return templates;
}

/** A stable file name for a template: its id (characters unsafe in file names replaced by `_`) + `.json`. */
export function templateFileName(template: Pick<ElementTemplate, 'id'>): string {
  return `${template.id.replace(/[^A-Za-z0-9._-]/g, '_')}.json`;
}

/** The file content of a template: two-space JSON with a final newline. */
export function serializeTemplate(template: ElementTemplate): string {
  return `${JSON.stringify(template, null, 2)}\n`;
}

// ---------------------------------------------------------------------------------------------
// Outbound

function outboundTemplate(c: OutboundConnector, options: GenerateOptions): ElementTemplate {
  const properties: TemplateProperty[] = [
    {
      id: 'taskDefinitionType',
      type: 'Hidden',
      value: options.jobType ?? c.type,
      binding: { type: 'zeebe:taskDefinition', property: 'type' },
    },
    ...connectorProperties(c.properties, 'outbound'),
    ...outputProperties((key) => ({ type: 'zeebe:taskHeader', key })),
    {
      id: 'errorExpression',
      label: 'Error expression',
      description: 'Expression to handle errors: return bpmnError(...), jobError(...) or ignoreError(...)',
      group: 'error',
      type: 'Text',
      feel: 'required',
      binding: { type: 'zeebe:taskHeader', key: 'errorExpression' },
    },
    {
      id: 'retryCount',
      label: 'Retries',
      description: 'Number of retries',
      group: 'retries',
      type: 'String',
      value: String(c.retries ?? 3),
      feel: 'optional',
      binding: { type: 'zeebe:taskDefinition', property: 'retries' },
    },
    {
      id: 'retryBackoff',
      label: 'Retry backoff',
      description: 'ISO-8601 duration to wait between retries',
      group: 'retries',
      type: 'String',
      value: c.retryBackoff ?? 'PT0S',
      constraints: {
        notEmpty: true,
        pattern: { value: ISO_DURATION_PATTERN, message: 'must be an ISO-8601 duration such as PT30S or PT1M' },
      },
      binding: { type: 'zeebe:taskHeader', key: 'retryBackoff' },
    },
    {
      id: 'elementTemplateVersion',
      type: 'Hidden',
      value: String(c.version),
      binding: { type: 'zeebe:taskHeader', key: 'elementTemplateVersion' },
    },
    {
      id: 'elementTemplateId',
      type: 'Hidden',
      value: c.id,
      binding: { type: 'zeebe:taskHeader', key: 'elementTemplateId' },
    },
  ];
  return template(c, {
    name: c.name,
    id: c.id,
    appliesTo: ['bpmn:Task'],
    elementType: { value: 'bpmn:ServiceTask' },
    groups: [
      { id: 'output', label: 'Output mapping' },
      { id: 'error', label: 'Error handling' },
      { id: 'retries', label: 'Retries' },
    ],
    properties,
  });
}

// ---------------------------------------------------------------------------------------------
// Inbound

function inboundElements(c: InboundConnector): InboundElement[] {
  const wanted = new Set<string>(c.elements ?? ALL_INBOUND_ELEMENTS);
  for (const e of wanted) {
    if (!(ALL_INBOUND_ELEMENTS as readonly string[]).includes(e)) {
      throw new TypeError(`connector "${c.id}": unknown inbound element "${e}"`);
    }
  }
  if (wanted.size === 0) throw new TypeError(`connector "${c.id}": elements must name at least one BPMN element`);
  return ALL_INBOUND_ELEMENTS.filter((e) => wanted.has(e));
}

const prop = (name: string): TemplateBinding => ({ type: 'zeebe:property', name });

/** `resultVariable` and `resultExpression`: task headers outbound, `zeebe:property` inbound. */
function outputProperties(bind: (key: string) => TemplateBinding): TemplateProperty[] {
  return [
    {
      id: 'resultVariable',
      label: 'Result variable',
      description: 'Name of the variable to store the response in',
      group: 'output',
      type: 'String',
      binding: bind('resultVariable'),
    },
    {
      id: 'resultExpression',
      label: 'Result expression',
      description: 'Expression to map the response into process variables',
      group: 'output',
      type: 'Text',
      feel: 'required',
      binding: bind('resultExpression'),
    },
  ];
}

function inboundTemplate(c: InboundConnector, element: InboundElement): ElementTemplate {
  const info = INBOUND_ELEMENT_INFO[element];
  const correlates = element !== 'start';
  const groups: TemplateGroup[] = [{ id: 'activation', label: 'Activation' }];
  if (correlates) groups.push({ id: 'correlation', label: 'Correlation' });
  groups.push({ id: 'deduplication', label: 'Deduplication' }, { id: 'output', label: 'Output mapping' });

  const properties: TemplateProperty[] = [
    { id: 'inbound.type', type: 'Hidden', value: c.type, binding: prop('inbound.type') },
    ...connectorProperties(c.properties, 'inbound'),
    {
      id: 'activationCondition',
      label: 'Activation condition',
      description: 'Condition under which the connector triggers. Leave empty to catch all events',
      group: 'activation',
      type: 'String',
      optional: true,
      feel: 'required',
      binding: prop('activationCondition'),
    },
    {
      id: 'consumeUnmatchedEvents',
      label: 'Consume unmatched events',
      tooltip:
        'Unmatched events are rejected by default, allowing the upstream service to handle the error. Check this box to consume unmatched events and return a success response',
      group: 'activation',
      type: 'Boolean',
      value: true,
      binding: prop('consumeUnmatchedEvents'),
    },
  ];

  if (correlates) {
    // A message start event correlates only inside an event subprocess: Camunda's templates ask first.
    const onlyIfRequired: Pick<TemplateProperty, 'condition'> =
      element === 'message-start' ? { condition: { property: 'correlationRequired', equals: 'required' } } : {};
    if (element === 'message-start') {
      properties.push({
        id: 'correlationRequired',
        label: 'Subprocess correlation required',
        description: 'Indicates whether correlation is required. This is needed for event-based subprocess message start events',
        group: 'correlation',
        type: 'Dropdown',
        value: 'notRequired',
        choices: [
          { name: 'Correlation not required', value: 'notRequired' },
          { name: 'Correlation required', value: 'required' },
        ],
        binding: prop('correlationRequired'),
      });
    }
    properties.push(
      {
        id: 'correlationKeyProcess',
        label: 'Correlation key (process)',
        description: 'Sets up the correlation key from process variables',
        group: 'correlation',
        type: 'String',
        feel: 'required',
        constraints: { notEmpty: true },
        ...onlyIfRequired,
        binding: { type: 'bpmn:Message#zeebe:subscription#property', name: 'correlationKey' },
      },
      {
        id: 'correlationKeyPayload',
        label: 'Correlation key (payload)',
        description: 'Extracts the correlation key from the incoming message payload',
        group: 'correlation',
        type: 'String',
        feel: 'required',
        constraints: { notEmpty: true },
        ...onlyIfRequired,
        binding: prop('correlationKeyExpression'),
      },
      {
        id: 'messageIdExpression',
        label: 'Message ID expression',
        description: 'Expression to extract unique identifier of a message',
        group: 'correlation',
        type: 'String',
        optional: true,
        feel: 'required',
        binding: prop('messageIdExpression'),
      },
      {
        id: 'messageTtl',
        label: 'Message TTL',
        description: 'Time-to-live for the message in the broker (ISO-8601 duration)',
        group: 'correlation',
        type: 'String',
        optional: true,
        feel: 'optional',
        constraints: { notEmpty: false, pattern: { value: '^(PT.*|)$', message: 'must be an ISO-8601 duration' } },
        binding: prop('messageTtl'),
      },
      {
        id: 'messageNameUuid',
        label: 'Message name',
        tooltip:
          'By default, this is an auto-generated random UUID. Use a unique message name for each connector element in the diagram.',
        group: 'correlation',
        type: 'String',
        generatedValue: { type: 'uuid' },
        feel: 'optional',
        binding: { type: 'bpmn:Message#property', name: 'name' },
      },
    );
  }

  properties.push(
    {
      id: 'deduplicationModeManualFlag',
      label: 'Manual mode',
      description: 'By default, similar connectors receive the same deduplication ID. Customize by activating manual mode',
      group: 'deduplication',
      type: 'Boolean',
      value: false,
      binding: prop('deduplicationModeManualFlag'),
    },
    {
      id: 'deduplicationId',
      label: 'Deduplication ID',
      group: 'deduplication',
      type: 'String',
      constraints: {
        notEmpty: true,
        pattern: { value: '^[a-zA-Z0-9_-]+$', message: 'can only contain alphanumeric characters, dashes, and underscores' },
      },
      condition: { property: 'deduplicationModeManualFlag', equals: true },
      binding: prop('deduplicationId'),
    },
    {
      id: 'deduplicationModeManual',
      group: 'deduplication',
      type: 'Hidden',
      value: 'MANUAL',
      condition: { property: 'deduplicationId', isActive: true },
      binding: prop('deduplicationMode'),
    },
    {
      id: 'deduplicationModeAuto',
      group: 'deduplication',
      type: 'Hidden',
      value: 'AUTO',
      condition: { property: 'deduplicationId', isActive: false },
      binding: prop('deduplicationMode'),
    },
    ...outputProperties(prop),
  );

  return template(c, {
    name: `${c.name} (${info.suffix})`,
    id: inboundTemplateId(c.id, element),
    appliesTo: [...info.appliesTo],
    elementType: { ...info.elementType },
    groups,
    properties,
  });
}

// ---------------------------------------------------------------------------------------------
// Shared

interface Parts {
  name: string;
  id: string;
  appliesTo: string[];
  elementType: ElementTemplate['elementType'];
  /** Groups added after the connector's own (skipped when the connector declares the same id). */
  groups: TemplateGroup[];
  properties: TemplateProperty[];
}

function template(c: ConnectorDefinition, parts: Parts): ElementTemplate {
  const own = (c.groups ?? []).map((g) => omitUndefined({ ...g }));
  const ownIds = new Set(own.map((g) => g.id));
  const t: ElementTemplate = {
    $schema: ELEMENT_TEMPLATE_SCHEMA,
    name: parts.name,
    id: parts.id,
    description: c.description,
    keywords: c.keywords ? [...c.keywords] : undefined,
    documentationRef: c.documentationRef,
    version: c.version,
    category: { id: 'connectors', name: 'Connectors' },
    appliesTo: parts.appliesTo,
    elementType: parts.elementType,
    engines: { camunda: c.engines ?? DEFAULT_ENGINES },
    groups: [...own, ...parts.groups.filter((g) => !ownIds.has(g.id))],
    properties: parts.properties,
    icon: c.icon ? { contents: iconContents(c.icon) } : undefined,
  };
  return omitUndefined(t);
}

/** Raw SVG markup becomes a base64 data URI; a data URI (or URL) is kept. */
export function iconContents(icon: string): string {
  const trimmed = icon.trim();
  if (/^(<\?xml|<svg|<!--)/i.test(trimmed)) {
    return `data:image/svg+xml;base64,${Buffer.from(trimmed, 'utf8').toString('base64')}`;
  }
  return trimmed;
}

type Direction = 'outbound' | 'inbound';

function connectorProperties(props: PropertyMap, direction: Direction): TemplateProperty[] {
  return Object.entries(props).map(([key, p]) => connectorProperty(key, p, direction));
}

function connectorProperty(key: string, p: AnyProperty, direction: Direction): TemplateProperty {
  const o = p.options;
  const type = p.templateType;
  const binding: TemplateBinding = direction === 'outbound' ? { type: 'zeebe:input', name: key } : prop(key);
  const condition = o.condition ? toTemplateCondition(o.condition, key) : undefined;

  if (type === 'Hidden') {
    return omitUndefined({ id: key, group: o.group, type, value: hiddenValue(p.defaultValue, direction), condition, binding });
  }

  const isText = type === 'String' || type === 'Text';
  const notEmpty = o.required === true || o.constraints?.notEmpty === true;
  // An empty optional field writes no mapping at all (instead of an empty value).
  const optional = !notEmpty && (isText || type === 'Number') ? true : undefined;

  let feel = o.feel;
  if (isText && feel === 'static') feel = undefined; // the schema allows `static` for Number and Boolean only
  if (direction === 'inbound' && feel === 'static') feel = undefined; // properties are strings; no FEEL needed
  if (type === 'Dropdown') feel = undefined;

  const constraints: TemplateConstraints = {};
  if (type !== 'Boolean') {
    if (notEmpty) constraints.notEmpty = true;
    else if (optional && (o.constraints?.minLength !== undefined || o.constraints?.maxLength !== undefined || o.constraints?.pattern)) {
      constraints.notEmpty = false; // the schema requires it next to `optional`
    }
  }
  if (isText) {
    if (o.constraints?.minLength !== undefined) constraints.minLength = o.constraints.minLength;
    if (o.constraints?.maxLength !== undefined) constraints.maxLength = o.constraints.maxLength;
    if (o.constraints?.pattern) constraints.pattern = { value: o.constraints.pattern.value, message: o.constraints.pattern.message };
  }

  return omitUndefined({
    id: key,
    label: o.label || undefined,
    description: o.description,
    tooltip: o.tooltip,
    placeholder: isText ? o.placeholder : undefined,
    group: o.group,
    type,
    value: fieldValue(p, feel),
    optional,
    feel,
    language: type === 'Text' && p.kind !== 'json' ? o.language : undefined,
    secret: o.secret ? true : undefined,
    constraints: Object.keys(constraints).length > 0 ? constraints : undefined,
    choices: type === 'Dropdown' ? (o.choices ?? []).map((ch) => ({ name: ch.name, value: ch.value })) : undefined,
    condition,
    binding,
  });
}

function fieldValue(p: AnyProperty, feel: string | undefined): string | number | boolean | undefined {
  const v = p.defaultValue;
  if (v === undefined) return undefined;
  switch (p.templateType) {
    case 'Boolean':
      return typeof v === 'boolean' ? v : String(v) === 'true';
    case 'Number':
      return typeof v === 'number' ? v : Number(v);
    default: {
      const s = String(v);
      // A JSON default is a FEEL expression written without `=`; a `feel: required` value must start with it.
      if ((p.kind === 'json' || feel === 'required') && !s.startsWith('=')) return `=${s}`;
      return s;
    }
  }
}

/**
 * Hidden values are strings in BPMN. Outbound, a number or boolean is written as FEEL (`=5`,
 * `=true`) so the engine hands the connector a typed value; inbound properties are plain strings.
 */
function hiddenValue(v: Scalar | undefined, direction: Direction): string | undefined {
  if (v === undefined) return undefined;
  if (typeof v === 'string') return v;
  return direction === 'outbound' ? `=${String(v)}` : String(v);
}

function toTemplateCondition(c: Condition, key: string): TemplateCondition | undefined {
  const flat: TemplateSimpleCondition[] = [];
  const walk = (x: Condition) => {
    if ('allMatch' in x) x.allMatch.forEach(walk);
    else flat.push(simpleCondition(x, key));
  };
  walk(c);
  if (flat.length === 0) return undefined; // an empty allMatch always holds
  return flat.length === 1 ? flat[0] : { allMatch: flat };
}

function simpleCondition(c: Exclude<Condition, { allMatch: readonly Condition[] }>, key: string): TemplateSimpleCondition {
  if ('equals' in c) return { property: c.property, equals: c.equals };
  if ('isActive' in c) return { property: c.property, isActive: c.isActive };
  const values = [...c.oneOf];
  if (values.some((v) => typeof v === 'boolean')) {
    // The schema's `oneOf` takes strings and numbers only.
    if (values.length === 1) return { property: c.property, equals: values[0]! };
    throw new TypeError(`property "${key}": a oneOf condition on booleans cannot be written into a template; use equals`);
  }
  return { property: c.property, oneOf: values as (string | number)[] };
}

/** Drops keys whose value is undefined, so JSON output and deep equality see the same object. */
function omitUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
