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
 *
 * One module per concern: `outbound.ts` and `inbound.ts` (the templates), `property-mapping.ts` (a
 * declared property as a template property), `conditions.ts`, `shared.ts` (the template frame).
 */
import type { ConnectorDefinition } from '../definition.js';
import { checkTemplate } from './check.js';
import { inboundElements, inboundTemplate } from './inbound.js';
import { outboundTemplate } from './outbound.js';
import type { GenerateOptions } from './shared.js';
import type { ElementTemplate } from './types.js';

export * from './types.js';
export { checkTemplate } from './check.js';
export { DEFAULT_ENGINES, iconContents, type GenerateOptions } from './shared.js';
export { ISO_DURATION_PATTERN } from './outbound.js';
export { INBOUND_ELEMENT_INFO, inboundTemplateId } from './inbound.js';

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
