import { feelin } from './feelin.js';
import { isPlainJson } from '../json.js';
import type { FeelContext } from './evaluate.js';

/**
 * A shortcut for the expressions connectors evaluate on every job and every inbound event: a
 * variable, a path (`response.body.name`) or a context literal of those
 * (`{customerName: response.body.name, tier: response.body.tier}`).
 *
 * feelin parses the expression again on every call (about 90 µs for the example above; it offers
 * no way to evaluate a parsed expression) and copies the whole context, so such an expression cost
 * 150-200 µs per job. Here it is parsed once with feelin's own parser, and when its syntax tree
 * uses nothing but variables, path steps and context literals with plain keys, it becomes a small
 * closure that reads the values directly.
 *
 * The shortcut only answers when it is sure to give feelin's value: every name it reads is an own
 * entry of a plain object holding JSON values, and no entry of the objects it reads could make
 * feelin's context-aware parser read the expression differently (a key such as `body.name` or
 * `first name`). Anything else (a missing entry, a null on the way, a date, a function, a key with
 * a space or a dot) makes it step aside and the expression is evaluated by feelin as before, with
 * feelin's warnings. A differential test compares both on generated contexts.
 */

/** Returned when the shortcut cannot vouch for the value: evaluate with feelin instead. */
export const UNSURE: unique symbol = Symbol('unsure');

type Scope = { entries: Record<string, unknown>; parent: Scope | null };
type Compiled = (scope: Scope) => unknown;

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
/** Characters that may continue a FEEL name (besides letters and digits): `first name`, `a.b`, `a-b`, `a/b`, `a+b`, `a*b`, `a'b`, `a?`. */
const NAME_CONTINUATION = new Set([' ', '\t', '\n', '\r', '.', '-', '/', '+', '*', "'", '\u2019', '?']);

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype;

/**
 * The own entry `name` of a plain object, or UNSURE when it is absent, undefined, or when another
 * key of the object starts with `name` followed by a character that continues a FEEL name (feelin's
 * parser would then read a longer name where this one stands).
 */
function entry(target: unknown, name: string): unknown {
  if (!isPlainObject(target) || !Object.prototype.hasOwnProperty.call(target, name)) return UNSURE;
  const value = target[name];
  if (value === undefined) return UNSURE;
  for (const key in target) {
    if (key.length > name.length && key.startsWith(name) && NAME_CONTINUATION.has(key[name.length]!)) return UNSURE;
  }
  return value;
}

function lookup(scope: Scope, name: string): unknown {
  for (let s: Scope | null = scope; s; s = s.parent) {
    if (Object.prototype.hasOwnProperty.call(s.entries, name)) return s.parent === null ? entry(s.entries, name) : s.entries[name];
  }
  return UNSURE;
}

/** A path step: the entry of a context, or the entries of a list of contexts (FEEL projects over lists). */
function step(target: unknown, name: string): unknown {
  if (!Array.isArray(target)) return entry(target, name);
  const out = new Array<unknown>(target.length);
  for (let i = 0; i < target.length; i++) {
    const value = entry(target[i], name);
    if (value === UNSURE) return UNSURE;
    out[i] = value;
  }
  return out;
}

interface Node {
  name: string;
  from: number;
  to: number;
  type: { isError: boolean };
  firstChild: Node | null;
  nextSibling: Node | null;
}

function children(node: Node): Node[] {
  const out: Node[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) out.push(c);
  return out;
}

/** The single identifier of a Name, VariableName or PathName node, or null (a name with spaces). */
function identifier(node: Node, text: string): string | null {
  const parts = children(node);
  if (parts.length !== 1 || parts[0]!.name !== 'Identifier') return null;
  const name = text.slice(parts[0]!.from, parts[0]!.to);
  return IDENTIFIER.test(name) ? name : null;
}

function compileNode(node: Node, text: string): Compiled | null {
  if (node.type.isError) return null;
  const parts = children(node);
  switch (node.name) {
    case 'Expression':
      return parts.length === 1 ? compileNode(parts[0]!, text) : null;
    case 'ParenthesizedExpression':
      return parts.length === 3 ? compileNode(parts[1]!, text) : null;
    case 'VariableName': {
      const name = identifier(node, text);
      return name === null ? null : (scope) => lookup(scope, name);
    }
    case 'PathExpression': {
      if (parts.length !== 3 || parts[1]!.name !== '.' || parts[2]!.name !== 'PathName') return null;
      const target = compileNode(parts[0]!, text);
      const name = identifier(parts[2]!, text);
      if (!target || name === null) return null;
      return (scope) => {
        const value = target(scope);
        return value === UNSURE ? UNSURE : step(value, name);
      };
    }
    case 'Context': {
      const entries: Array<[string, Compiled]> = [];
      for (const part of parts.slice(1, -1)) {
        const [key, value, ...rest] = children(part);
        if (part.name !== 'ContextEntry' || !key || !value || rest.length > 0 || key.name !== 'Key') return null;
        const keyName = key.firstChild;
        if (!keyName || keyName.name !== 'Name' || keyName.nextSibling) return null;
        const name = identifier(keyName, text);
        const compiled = compileNode(value, text);
        if (name === null || !compiled) return null;
        entries.push([name, compiled]);
      }
      return (scope) => {
        const result: Record<string, unknown> = {};
        const inner: Scope = { entries: result, parent: scope };
        for (const [name, compiled] of entries) {
          const value = compiled(inner);
          if (value === UNSURE) return UNSURE;
          result[name] = value;
        }
        return result;
      };
    }
    default:
      return null;
  }
}

const cache = new Map<string, Compiled | null>();
const CACHE_SIZE = 256;

/** The shortcut for an expression (without its leading `=`), or null when it has none. Cached. */
function compiled(text: string): Compiled | null {
  let fn = cache.get(text);
  if (fn === undefined) {
    try {
      fn = compileNode(feelin().parseExpression(text, {}, undefined).topNode as unknown as Node, text);
    } catch {
      fn = null;
    }
    if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
    cache.set(text, fn);
  }
  return fn;
}

/**
 * The value of `text` against `context` when the shortcut can vouch for it, else {@link UNSURE}.
 * The value never shares objects with the context.
 */
export function evaluateSimple(text: string, context: FeelContext): unknown {
  const fn = compiled(text);
  if (!fn || !isPlainObject(context)) return UNSURE;
  const value = fn({ entries: context, parent: null });
  if (value === UNSURE || !isPlainJson(value)) return UNSURE;
  return typeof value === 'object' && value !== null ? structuredCloneJson(value) : value;
}

/** A deep copy of a JSON value (feelin returns copies too: callers may change what they get). */
function structuredCloneJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(structuredCloneJson);
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const key in value) out[key] = structuredCloneJson(value[key]);
    return out;
  }
  return value;
}
