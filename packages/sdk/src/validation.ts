import { ConnectorInputError, type FieldIssue } from './errors.js';
import type { InputOf } from './infer.js';
import type { Condition, PropertyMap, Scalar } from './properties.js';
import { resolveSecrets, type SecretProvider } from './secrets.js';

/** Dotted property names split once: validation reads them for every job. */
const splitNames = new Map<string, readonly string[]>();
function pathOf(name: string): readonly string[] {
  let path = splitNames.get(name);
  if (path === undefined) {
    path = Object.freeze(name.split('.'));
    if (splitNames.size < 10_000) splitNames.set(name, path);
  }
  return path;
}

/** A property map's entries with their paths, listed once per map (maps are defined once, read per job). */
const entriesOf = new WeakMap<PropertyMap, ReadonlyArray<readonly [string, PropertyMap[string], readonly string[]]>>();
function planOf(props: PropertyMap): ReadonlyArray<readonly [string, PropertyMap[string], readonly string[]]> {
  let entries = entriesOf.get(props);
  if (entries === undefined) {
    entries = Object.entries(props).map(([key, prop]) => [key, prop, pathOf(key)] as const);
    entriesOf.set(props, entries);
  }
  return entries;
}

function getPath(obj: unknown, path: readonly string[]): unknown {
  let cur = obj;
  for (const part of path) {
    if (cur === null || typeof cur !== 'object' || Array.isArray(cur)) return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

function setPath(obj: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let cur = obj;
  for (let i = 0; i < path.length - 1; i++) {
    const part = path[i]!;
    const next = cur[part];
    if (next === null || typeof next !== 'object') cur[part] = {};
    cur = cur[part] as Record<string, unknown>;
  }
  cur[path[path.length - 1]!] = value;
}

const isAbsent = (v: unknown) => v === undefined || v === null;

/**
 * Whether a condition holds for a raw input: true, false, or undefined when the property it names
 * has no value at all (a model made with an older template may lack the switch). Conditions name
 * properties by id (the property key); a property whose own condition fails counts as absent.
 */
export function conditionState(
  condition: Condition,
  raw: unknown,
  props: PropertyMap,
  /** States already worked out for this `raw` (one validation asks for the same conditions many times). */
  memo?: Map<Condition, boolean | undefined>,
): boolean | undefined {
  if (memo?.has(condition)) return memo.get(condition);
  const state = stateOf(condition, raw, props, memo);
  memo?.set(condition, state);
  return state;
}

function stateOf(condition: Condition, raw: unknown, props: PropertyMap, memo: Map<Condition, boolean | undefined> | undefined): boolean | undefined {
  if ('allMatch' in condition) {
    const states = condition.allMatch.map((c) => conditionState(c, raw, props, memo));
    if (states.includes(false)) return false;
    return states.includes(undefined) ? undefined : true;
  }
  const target = props[condition.property];
  const targetState = target?.options.condition === undefined ? true : conditionState(target.options.condition, raw, props, memo);
  if ('isActive' in condition) return targetState === undefined ? undefined : targetState === condition.isActive;
  if (targetState === false) return false;
  let value = getPath(raw, pathOf(condition.property));
  if (isAbsent(value) && target?.defaultValue !== undefined && target.kind !== 'json') value = target.defaultValue;
  if (isAbsent(value) && target?.options.infer) value = target.options.infer(raw);
  if (isAbsent(value)) return undefined;
  const same = (expected: Scalar) => value === expected || (typeof value !== 'object' && String(value) === String(expected));
  if ('equals' in condition) return same(condition.equals);
  return condition.oneOf.some(same);
}

export interface BindResult<Props extends PropertyMap> {
  input: InputOf<Props>;
  issues: FieldIssue[];
}

/**
 * Checks raw variables against the properties and returns the typed input. Every invalid field is
 * reported (by path and rule, never by value); unknown variables are dropped.
 */
export function validateInput<Props extends PropertyMap>(props: Props, raw: unknown): BindResult<Props> {
  const issues: FieldIssue[] = [];
  const out: Record<string, unknown> = {};
  const memo = new Map<Condition, boolean | undefined>();
  for (const [key, prop, path] of planOf(props)) {
    const state = prop.options.condition === undefined ? true : conditionState(prop.options.condition, raw, props, memo);
    let value = getPath(raw, path);
    // Hidden by its condition: Modeler does not show it, so a leftover value is neither checked nor passed on.
    if (state === false) continue;
    // The switch the condition names is absent (an older template): a given value is checked, never required.
    const active = state === true;
    if (!active && isAbsent(value)) continue;
    if (isAbsent(value) && prop.defaultValue !== undefined && prop.kind !== 'json') value = prop.defaultValue;
    if (isAbsent(value) && prop.options.infer) {
      // A variant discriminator the model lacks: the variant its other values point to.
      value = prop.options.infer(raw);
      if (isAbsent(value) && active) issues.push({ field: key, rule: prop.options.absentRule ?? 'is required' });
    }
    // A variant field required by the chosen variant only: blank counts as missing.
    const requiredHere = prop.options.requiredWhen !== undefined && conditionState(prop.options.requiredWhen, raw, props, memo) === true;
    if (isAbsent(value) || (value === '' && ((prop.kind !== 'text' && prop.kind !== 'textarea') || requiredHere))) {
      if ((prop.options.required || requiredHere) && active) issues.push({ field: key, rule: 'is required' });
      continue;
    }
    const parsed = prop.schema.safeParse(value);
    if (parsed.success) {
      setPath(out, path, parsed.data);
    } else {
      for (const issue of parsed.error.issues) {
        const sub = issue.path.length > 0 ? `${key}.${issue.path.join('.')}` : key;
        issues.push({ field: sub, rule: issue.message });
      }
    }
  }
  return { input: out as InputOf<Props>, issues };
}

/** Like {@link validateInput}, but throws one {@link ConnectorInputError} listing every invalid field. */
export function bindInput<Props extends PropertyMap>(props: Props, raw: unknown): InputOf<Props> {
  const { input, issues } = validateInput(props, raw);
  if (issues.length > 0) throw ConnectorInputError.fromIssues(issues);
  return input;
}

/** Names of the top-level variables a connector reads (for fetching only those from the engine). */
export function variableNames(props: PropertyMap): string[] {
  return [...new Set(Object.keys(props).map((k) => k.split('.')[0]!))].sort();
}

/**
 * The binding pipeline every host runs before a connector sees its input (the runtime, the testing
 * kit and inbound activation alike): secrets replaced inside every string, then validation against
 * the properties. Returns the secret values used, so the host can mask them in logs and errors.
 * `secretsUsed`, when given, receives them as soon as they are resolved: a host masks them even when
 * validation then fails.
 */
export async function prepareInput<Props extends PropertyMap>(
  props: Props,
  raw: unknown,
  secrets: SecretProvider,
  secretsUsed?: string[],
): Promise<{ input: InputOf<Props>; secretsUsed: readonly string[] }> {
  const resolved = await resolveSecrets(raw, secrets);
  // A credential typed literally into a secret field is masked like a resolved secret.
  const used = [...resolved.used, ...secretPropertyValues(props, resolved.value).filter((v) => !resolved.used.includes(v))];
  secretsUsed?.push(...used);
  return { input: bindInput(props, resolved.value), secretsUsed: used };
}

/** The string values given to properties declared `secret: true` (strings inside a JSON value included). */
export function secretPropertyValues(props: PropertyMap, raw: unknown): string[] {
  const out = new Set<string>();
  const collect = (v: unknown): void => {
    if (typeof v === 'string') {
      if (v.length >= 3) out.add(v);
    } else if (Array.isArray(v)) v.forEach(collect);
    else if (v !== null && typeof v === 'object') Object.values(v).forEach(collect);
  };
  for (const [, prop, path] of planOf(props)) {
    if (prop.options.secret) collect(getPath(raw, path));
  }
  return [...out];
}
