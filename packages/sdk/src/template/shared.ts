/** What every element template shares: its frame (name, id, groups, icon, engines), the output mapping properties, small helpers. */
import type { ConnectorDefinition } from '../definition.js';
import { ELEMENT_TEMPLATE_SCHEMA, type ElementTemplate, type TemplateBinding, type TemplateGroup, type TemplateProperty } from './types.js';

export interface GenerateOptions {
  /** Outbound only: job type written into the template instead of `connector.type`. */
  jobType?: string;
}

/** Camunda version range a template targets when the connector names none. */
export const DEFAULT_ENGINES = '^8.6';

export type Direction = 'outbound' | 'inbound';

/** `resultVariable` and `resultExpression`: task headers outbound, `zeebe:property` inbound. */
export function outputProperties(bind: (key: string) => TemplateBinding): TemplateProperty[] {
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

export interface Parts {
  name: string;
  id: string;
  appliesTo: string[];
  elementType: ElementTemplate['elementType'];
  /** Groups added after the connector's own (skipped when the connector declares the same id). */
  groups: TemplateGroup[];
  properties: TemplateProperty[];
}

export function template(c: ConnectorDefinition, parts: Parts): ElementTemplate {
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

/** Drops keys whose value is undefined, so JSON output and deep equality see the same object. */
export function omitUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
