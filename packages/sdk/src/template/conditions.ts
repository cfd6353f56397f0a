/** Property conditions of the SDK as element template conditions. */
import type { Condition } from '../properties.js';
import type { TemplateCondition, TemplateSimpleCondition } from './types.js';

export function toTemplateCondition(c: Condition, key: string): TemplateCondition | undefined {
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
