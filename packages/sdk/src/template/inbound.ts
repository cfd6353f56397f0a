/** The inbound templates: one per BPMN element a connector supports, with activation, correlation, deduplication and output mapping. */
import { ALL_INBOUND_ELEMENTS, type InboundConnector, type InboundElement } from '../definition.js';
import { connectorProperties } from './property-mapping.js';
import { outputProperties, template } from './shared.js';
import type { ElementTemplate, TemplateBinding, TemplateGroup, TemplateProperty } from './types.js';

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

export function inboundElements(c: InboundConnector): InboundElement[] {
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

export function inboundTemplate(c: InboundConnector, element: InboundElement): ElementTemplate {
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
