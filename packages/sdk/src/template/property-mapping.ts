/** A connector's declared properties as template properties: type, FEEL, constraints, value, binding. */
import type { AnyProperty, PropertyMap, Scalar } from '../properties.js';
import { toTemplateCondition } from './conditions.js';
import { omitUndefined, type Direction } from './shared.js';
import type { TemplateBinding, TemplateConstraints, TemplateProperty } from './types.js';

export function connectorProperties(props: PropertyMap, direction: Direction): TemplateProperty[] {
  return Object.entries(props).map(([key, p]) => connectorProperty(key, p, direction));
}

function connectorProperty(key: string, p: AnyProperty, direction: Direction): TemplateProperty {
  const o = p.options;
  const type = p.templateType;
  const binding: TemplateBinding = direction === 'outbound' ? { type: 'zeebe:input', name: key } : { type: 'zeebe:property', name: key };
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
