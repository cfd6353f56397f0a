import type { ElementTemplate, TemplateBinding, TemplateProperty, TemplateSimpleCondition } from './types.js';

/**
 * Semantic checks the JSON schema cannot express (the schema validator,
 * `@bpmn-io/element-templates-validator`, checks the shape only): unique property ids, declared
 * groups, dropdown values among their choices, conditions that name existing properties and values
 * a dropdown can take, hidden properties with a value, no binding written by two unconditioned
 * properties. Returns one message per problem; an empty list means the template is consistent.
 */
export function checkTemplate(template: ElementTemplate): string[] {
  const issues: string[] = [];
  const groups = new Set<string>();
  for (const g of template.groups ?? []) {
    if (groups.has(g.id)) issues.push(`group "${g.id}" is declared twice`);
    groups.add(g.id);
  }

  const byId = new Map<string, TemplateProperty>();
  template.properties.forEach((p, i) => {
    if (p.id === undefined) return;
    if (byId.has(p.id)) issues.push(`property id "${p.id}" is used twice (properties[${i}])`);
    else byId.set(p.id, p);
  });

  const bindings = new Map<string, TemplateProperty[]>();
  template.properties.forEach((p, i) => {
    const where = `property ${p.id !== undefined ? `"${p.id}"` : `properties[${i}]`}`;
    if (p.group !== undefined && !groups.has(p.group)) issues.push(`${where}: group "${p.group}" is not declared`);
    if (p.type === 'Dropdown') {
      const values = (p.choices ?? []).map((c) => c.value);
      if (values.length === 0) issues.push(`${where}: a dropdown needs choices`);
      if (new Set(values).size !== values.length) issues.push(`${where}: dropdown choices repeat a value`);
      if (p.value !== undefined && !values.includes(String(p.value))) {
        issues.push(`${where}: value ${JSON.stringify(p.value)} is not one of its choices`);
      }
    }
    if (p.type === 'Hidden' && p.value === undefined && p.generatedValue === undefined) {
      issues.push(`${where}: a hidden property needs a value`);
    }
    if (p.condition) {
      const parts: TemplateSimpleCondition[] = 'allMatch' in p.condition ? p.condition.allMatch : [p.condition];
      for (const c of parts) {
        const target = byId.get(c.property);
        if (!target) {
          issues.push(`${where}: condition names property "${c.property}", which does not exist`);
          continue;
        }
        if (c.property === p.id) issues.push(`${where}: condition names the property itself`);
        const expected = 'equals' in c ? [c.equals] : 'oneOf' in c ? c.oneOf : [];
        if (target.type === 'Dropdown') {
          const values = (target.choices ?? []).map((ch) => ch.value);
          for (const v of expected) {
            if (!values.includes(String(v))) {
              issues.push(`${where}: condition expects ${JSON.stringify(v)} from dropdown "${c.property}", which is not one of its choices`);
            }
          }
        }
        if (target.type === 'Boolean') {
          for (const v of expected) {
            if (typeof v !== 'boolean') issues.push(`${where}: condition compares boolean "${c.property}" with ${JSON.stringify(v)}`);
          }
        }
      }
    }
    const key = bindingKey(p.binding);
    bindings.set(key, [...(bindings.get(key) ?? []), p]);
  });

  for (const [key, props] of bindings) {
    // The same binding twice is fine only when conditions pick one (Camunda's deduplicationMode pattern).
    if (props.length > 1 && props.some((p) => p.condition === undefined)) {
      issues.push(`binding ${key} is written by ${props.length} properties, not all of them behind a condition`);
    }
  }
  return issues;
}

function bindingKey(b: TemplateBinding): string {
  if ('name' in b) return `${b.type}:${b.name}`;
  if ('key' in b) return `${b.type}:${b.key}`;
  return `${b.type}:${b.property}`;
}
