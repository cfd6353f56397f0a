/**
 * JSON shape of a Camunda 8 element template (the subset this SDK writes), after
 * `@camunda/zeebe-element-templates-json-schema`.
 */

/** URL every Camunda 8 element template names in `$schema`. */
export const ELEMENT_TEMPLATE_SCHEMA = 'https://unpkg.com/@camunda/zeebe-element-templates-json-schema/resources/schema.json';

export type TemplatePropertyType = 'String' | 'Text' | 'Number' | 'Boolean' | 'Dropdown' | 'Hidden';

export type TemplateFeel = 'optional' | 'required' | 'static';

/** A condition on one other property, by its `id`. */
export type TemplateSimpleCondition =
  | { property: string; equals: string | number | boolean }
  | { property: string; oneOf: (string | number)[] }
  | { property: string; isActive: boolean };

/** The schema allows one level of `allMatch` whose items are simple conditions. */
export type TemplateCondition = TemplateSimpleCondition | { allMatch: TemplateSimpleCondition[] };

export type TemplateBinding =
  | { type: 'zeebe:taskDefinition'; property: 'type' | 'retries' }
  | { type: 'zeebe:input'; name: string }
  | { type: 'zeebe:taskHeader'; key: string }
  | { type: 'zeebe:property'; name: string }
  | { type: 'bpmn:Message#property'; name: 'name' }
  | { type: 'bpmn:Message#zeebe:subscription#property'; name: 'correlationKey' };

export interface TemplateConstraints {
  notEmpty?: boolean;
  minLength?: number;
  maxLength?: number;
  pattern?: { value: string; message: string };
}

export interface TemplateChoice {
  name: string;
  value: string;
}

export interface TemplateProperty {
  id?: string;
  label?: string;
  description?: string;
  tooltip?: string;
  placeholder?: string;
  group?: string;
  type: TemplatePropertyType;
  value?: string | number | boolean;
  generatedValue?: { type: 'uuid' };
  optional?: boolean;
  feel?: TemplateFeel;
  language?: string;
  /** Rendering hint for credential fields, as Camunda's own templates set it (not enforced by the schema). */
  secret?: boolean;
  constraints?: TemplateConstraints;
  choices?: TemplateChoice[];
  condition?: TemplateCondition;
  binding: TemplateBinding;
}

export interface TemplateGroup {
  id: string;
  label: string;
  tooltip?: string;
  openByDefault?: boolean;
}

export interface ElementTemplate {
  $schema: typeof ELEMENT_TEMPLATE_SCHEMA;
  name: string;
  id: string;
  description?: string;
  keywords?: string[];
  documentationRef?: string;
  version: number;
  category: { id: string; name: string };
  appliesTo: string[];
  elementType: { value: string; eventDefinition?: string };
  engines: { camunda: string };
  groups: TemplateGroup[];
  properties: TemplateProperty[];
  icon?: { contents: string };
}
