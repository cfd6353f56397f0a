/** The outbound template: a service task with the job type, the inputs, output mapping, error handling and retries. */
import type { OutboundConnector } from '../definition.js';
import { connectorProperties } from './property-mapping.js';
import { outputProperties, template, type GenerateOptions } from './shared.js';
import type { ElementTemplate, TemplateProperty } from './types.js';

/**
 * ISO-8601 durations the runtime's `retryBackoff` parser accepts (weeks, days, hours, minutes,
 * seconds; no years or months), as a template pattern.
 */
export const ISO_DURATION_PATTERN =
  '^P(?!$)(\\d+(\\.\\d+)?W)?(\\d+(\\.\\d+)?D)?(T(?=\\d)(\\d+(\\.\\d+)?H)?(\\d+(\\.\\d+)?M)?(\\d+(\\.\\d+)?S)?)?$';

export function outboundTemplate(c: OutboundConnector, options: GenerateOptions): ElementTemplate {
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
      value: c.retryBackoff ?? 'PT30S',
      constraints: {
        notEmpty: true,
        pattern: { value: ISO_DURATION_PATTERN, message: 'must be an ISO-8601 duration such as PT30S or PT1M' },
      },
      binding: { type: 'zeebe:taskHeader', key: 'retryBackoff' },
    },
    {
      id: 'jobTimeout',
      label: 'Job timeout',
      description:
        "ISO-8601 duration after which the engine considers this job timed out if not yet completed (at least PT1S). Leave empty to use the runtime's default (CONNECTORKIT_JOB_TIMEOUT)",
      group: 'retries',
      type: 'String',
      optional: true,
      constraints: { notEmpty: false, pattern: { value: `^$|${ISO_DURATION_PATTERN}`, message: 'must be empty or an ISO-8601 duration such as PT10M' } },
      binding: { type: 'zeebe:taskHeader', key: 'jobTimeout' },
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
