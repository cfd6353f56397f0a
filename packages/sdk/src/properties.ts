import { z } from 'zod';
import type { UnionToIntersection, VariantInput } from './infer.js';

/**
 * Typed properties: one builder call declares a connector input (outbound) or property (inbound).
 * The same object drives the TypeScript input type, the run-time validation and the element template.
 */

/** How Modeler offers FEEL for a field: `optional` (toggle), `required` (always FEEL), `static` (plain value written as FEEL). */
export type FeelMode = 'optional' | 'required' | 'static';

export type Scalar = string | number | boolean;

/** Show a property only when another property (by id) has a value; mirrors element-template conditions. */
export type Condition =
  | { property: string; equals: Scalar }
  | { property: string; oneOf: readonly (string | number)[] }
  | { property: string; isActive: boolean }
  | { allMatch: readonly Condition[] };

export interface TextConstraints {
  notEmpty?: boolean;
  minLength?: number;
  maxLength?: number;
  pattern?: { value: string; message: string };
}

export interface CommonOptions {
  /** Label shown in Modeler. */
  label: string;
  description?: string;
  tooltip?: string;
  placeholder?: string;
  /** Id of a property group of the connector. */
  group?: string;
  /** Shown (and validated as required) only when the condition holds; the input field is optional in the type. */
  condition?: Condition;
  /** A required value must be present (and not an empty string). */
  required?: boolean;
  /** Marks a credential: its value is never printed in a validation error and the template flags it. */
  secret?: boolean;
  /**
   * Inbound only: when a FEEL value (`=...`) is evaluated. `activation` (default): once, when the
   * runtime activates the connector (secrets replaced first). `event`: the connector evaluates it
   * itself for each event (with `evaluateExpression` over the event's variables), so the runtime
   * passes its text through unchanged.
   */
  evaluation?: 'activation' | 'event';
}

export interface TextOptions extends CommonOptions {
  feel?: FeelMode;
  default?: string;
  constraints?: TextConstraints;
  /** Language hint for a multi-line editor (for example `json`). */
  language?: string;
}

export interface NumberOptions extends CommonOptions {
  feel?: FeelMode;
  default?: number;
  min?: number;
  max?: number;
  integer?: boolean;
}

export interface BooleanOptions extends CommonOptions {
  feel?: FeelMode;
  default?: boolean;
}

export interface Choice<V extends string = string> {
  name: string;
  value: V;
}

export interface DropdownOptions<V extends string> extends CommonOptions {
  choices: readonly Choice<V>[];
  default?: NoInfer<V>;
}

export interface HiddenOptions<V extends Scalar> {
  value: V;
  group?: string;
  condition?: Condition;
}

export interface JsonOptions<T = unknown> extends CommonOptions {
  /** Schema of the value; defaults to any JSON value. */
  schema?: z.ZodType<T>;
  feel?: FeelMode;
  /** Default written into the template as a FEEL expression (without the leading `=`). */
  default?: string;
  language?: string;
}

export type PropertyKind = 'text' | 'textarea' | 'number' | 'boolean' | 'dropdown' | 'hidden' | 'json';

/** Template field types of Camunda element templates. */
export type TemplateFieldType = 'String' | 'Text' | 'Number' | 'Boolean' | 'Dropdown' | 'Hidden';

/**
 * A declared property. `T` is the validated value type; `Present` says whether the value is always
 * present in the input (required or defaulted, and not hidden by a condition).
 */
export interface Property<T = unknown, Present extends boolean = boolean> {
  readonly kind: PropertyKind;
  readonly templateType: TemplateFieldType;
  readonly options: Readonly<CommonOptions> & {
    readonly feel?: FeelMode;
    readonly constraints?: TextConstraints;
    readonly language?: string;
    readonly choices?: readonly Choice[];
    /** Variant fields: required (besides `required`) while this condition holds (see `p.variants`). */
    readonly requiredWhen?: Condition;
    /** Variant discriminators: the variant to assume when the value is absent (older models). */
    readonly infer?: (raw: unknown) => string | undefined;
    /** Variant discriminators: the rule reported when the value is absent and none can be inferred. */
    readonly absentRule?: string;
  };
  /** Default value (or the fixed value of a hidden property). */
  readonly defaultValue?: Scalar;
  /** Schema of a present value (run-time validation). */
  readonly schema: z.ZodType<T>;
  /** Type-level marker only. */
  readonly present: Present;
}

/** What a variant discriminator knows: its key and, at type level only, the input union it gives. */
export interface VariantsInfo<U = unknown> {
  readonly discriminator: string;
  readonly values: readonly string[];
  /** Type-level only: the input union of the group. */
  readonly input?: U;
}

/** The discriminator of a variant group: a dropdown whose value selects the variant's fields. */
export type VariantSwitch<V extends string, Present extends boolean, U> = Property<V, Present> & { readonly variants: VariantsInfo<U> };

/** A field of a variant group: shown, typed and required by the variants it belongs to. */
export type VariantMember<T> = Property<T, false> & { readonly variantOf: string };

/** One field of a variant group (see `p.variants`). */
export interface VariantField<V extends string = string, P extends AnyProperty = AnyProperty> {
  /** The variants that show this field. */
  in: readonly V[];
  /**
   * The field: `required: true` (or a default) makes it required and non-optional in every
   * variant in `in`. It must not carry its own condition: the group writes it.
   */
  property: P;
  /** Variants (of `in`) that require the field although the property is not `required`; the template leaves it optional. */
  requiredIn?: readonly V[];
}

/**
 * A variant group nested in a variant of another (Slack's message type inside "post message"):
 * keyed by its discriminator, shown while the outer variant is one of `in`.
 */
export interface NestedVariants<V extends string = string, G extends PropertyMap = PropertyMap> {
  in: readonly V[];
  variants: G;
}

export interface VariantsOptions<V extends string, D extends string, F> extends Omit<CommonOptions, 'condition' | 'required'> {
  /** Key of the dropdown that selects the variant, such as `authentication.type`. */
  discriminator: D;
  /** The variants, in the order Modeler lists them. */
  choices: readonly Choice<V>[];
  default?: NoInfer<V>;
  /** Every field of every variant, by key, in the order Modeler shows them. */
  fields: F;
  /**
   * The variant to assume when the discriminator has no value (a model made with an older template
   * that lacks the dropdown): read from the raw variables, secrets replaced. Undefined: none can be
   * told, which is an input error (`absentRule`).
   */
  infer?: (raw: unknown) => NoInfer<V> | undefined;
  /** Rule reported for the discriminator when it is absent and `infer` finds no variant (default `is required`). */
  absentRule?: string;
}

/** The properties `p.variants` returns, to spread into a connector's properties. */
export type VariantGroup<
  D extends string,
  V extends string,
  Present extends boolean,
  F extends Record<string, VariantField<V> | NestedVariants<V>>,
> = {
  readonly [K in D]: VariantSwitch<V, Present, VariantInput<D, V, F, Present>>;
} & MembersOf<F>;

type ValueOfProperty<P> = P extends Property<infer T, boolean> ? T : never;

/** The fields of a group, those of nested groups included, as members (typed through the group's union only). */
type MembersOf<F> = UnionToIntersection<
  {
    [K in keyof F]: F[K] extends { variants: infer G }
      ? { readonly [J in keyof G]: VariantMember<ValueOfProperty<G[J]>> }
      : F[K] extends { property: infer P }
        ? { readonly [J in K]: VariantMember<ValueOfProperty<P>> }
        : never;
  }[keyof F]
>;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyProperty = Property<any, boolean>;
export type PropertyMap = Record<string, AnyProperty>;

type IsPresent<O> = O extends { condition: object }
  ? false
  : O extends { required: true }
    ? true
    : O extends { default: Scalar }
      ? true
      : false;

function presentAtRunTime(o: { condition?: unknown; required?: boolean; default?: unknown }): boolean {
  return o.condition === undefined && (o.required === true || o.default !== undefined);
}

function make<T, P extends boolean>(
  kind: PropertyKind,
  templateType: TemplateFieldType,
  options: Property['options'],
  schema: z.ZodType<T>,
  defaultValue: Scalar | undefined,
  present: boolean,
): Property<T, P> {
  return Object.freeze({ kind, templateType, options, schema, defaultValue, present: present as P });
}

/**
 * Schemas are immutable: properties with the same rules share one (a connector's module builds
 * dozens of properties when it loads, most of them plain text or numbers; each zod schema built
 * costs start-up time and memory).
 */
const sharedSchemas = new Map<string, z.ZodType>();
function shared<T>(key: string, build: () => z.ZodType<T>): z.ZodType<T> {
  let schema = sharedSchemas.get(key) as z.ZodType<T> | undefined;
  if (schema === undefined) {
    schema = build();
    sharedSchemas.set(key, schema);
  }
  return schema;
}

function textSchema(o: TextOptions): z.ZodType<string> {
  const c = o.constraints ?? {};
  const key = JSON.stringify(['text', Boolean(c.notEmpty || o.required), c.minLength, c.maxLength, c.pattern?.value, c.pattern?.message]);
  return shared(key, () => buildTextSchema(o));
}

function buildTextSchema(o: TextOptions): z.ZodType<string> {
  let s = z.string({ error: 'must be a string' });
  // A FEEL expression may yield a number or boolean for a text field: bind it as its text, as Camunda does.
  const c = o.constraints ?? {};
  if (c.notEmpty || o.required) s = s.min(1, { error: 'must not be empty' });
  if (c.minLength !== undefined) s = s.min(c.minLength, { error: `must be at least ${c.minLength} characters long` });
  if (c.maxLength !== undefined) s = s.max(c.maxLength, { error: `must be at most ${c.maxLength} characters long` });
  if (c.pattern) s = s.regex(new RegExp(c.pattern.value), { error: c.pattern.message });
  return z.preprocess((v) => (typeof v === 'number' || typeof v === 'boolean' ? String(v) : v), s);
}

const numericString = /^\s*-?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?\s*$/;

function numberSchema(o: NumberOptions): z.ZodType<number> {
  return shared(JSON.stringify(['number', Boolean(o.integer), o.min, o.max]), () => buildNumberSchema(o));
}

function buildNumberSchema(o: NumberOptions): z.ZodType<number> {
  // Stock templates often carry numbers as strings ("20"): accept those too.
  let n = z.number({ error: 'must be a number' });
  if (o.integer) n = n.int({ error: 'must be a whole number' });
  if (o.min !== undefined) n = n.min(o.min, { error: `must be at least ${o.min}` });
  if (o.max !== undefined) n = n.max(o.max, { error: `must be at most ${o.max}` });
  return z.preprocess((v) => (typeof v === 'string' && numericString.test(v) ? Number(v) : v), n);
}

const booleanSchema: z.ZodType<boolean> = z.preprocess(
  (v) => (v === 'true' ? true : v === 'false' ? false : v),
  z.boolean({ error: 'must be true or false' }),
);

const jsonValue: z.ZodType<unknown> = z.unknown();

/** Property builders. */
export const p = {
  /** Single-line text (template type `String`). */
  text<const O extends TextOptions>(o: O): Property<string, IsPresent<O>> {
    return make('text', 'String', o, textSchema(o), o.default, presentAtRunTime(o));
  },
  /** Multi-line text (template type `Text`). */
  textarea<const O extends TextOptions>(o: O): Property<string, IsPresent<O>> {
    return make('textarea', 'Text', o, textSchema(o), o.default, presentAtRunTime(o));
  },
  /** Number (template type `Number`; numeric strings are accepted at run time). */
  number<const O extends NumberOptions>(o: O): Property<number, IsPresent<O>> {
    return make('number', 'Number', { feel: 'static', ...o }, numberSchema(o), o.default, presentAtRunTime(o));
  },
  /** Boolean (template type `Boolean`; "true"/"false" strings are accepted at run time). */
  boolean<const O extends BooleanOptions>(o: O): Property<boolean, IsPresent<O>> {
    return make('boolean', 'Boolean', { feel: 'static', ...o }, booleanSchema, o.default, presentAtRunTime(o));
  },
  /** Dropdown: the value is one of the choices' values, typed as their union. */
  dropdown<const V extends string, const O extends DropdownOptions<V>>(
    o: O & DropdownOptions<V>,
  ): Property<V, IsPresent<O>> {
    const values = o.choices.map((c) => c.value);
    if (values.length === 0) throw new TypeError(`dropdown "${o.label}" needs at least one choice`);
    if (o.default !== undefined && !values.includes(o.default)) {
      throw new TypeError(`dropdown "${o.label}": default "${o.default}" is not one of its choices`);
    }
    const schema = shared(JSON.stringify(['enum', values]), () =>
      z.enum(values as [V, ...V[]], { error: `must be one of ${values.map((v) => JSON.stringify(v)).join(', ')}` }),
    ) as unknown as z.ZodType<V>;
    return make('dropdown', 'Dropdown', o, schema, o.default, presentAtRunTime(o));
  },
  /**
   * Discriminated variants, such as an authentication type with the fields of each type: a dropdown
   * (the discriminator) and the fields each variant shows. Spread the result into the properties.
   *
   * - the input type is a union narrowing on the discriminator: a field the chosen variant requires
   *   is non-optional there, and fields of other variants do not exist;
   * - validation requires a variant's required fields (and `requiredIn` ones) and names the field;
   * - the template is the one of a dropdown and fields conditioned on it (`equals` for a field of
   *   one variant, `oneOf` for a field of several).
   */
  variants<
    const V extends string,
    const D extends string,
    const F extends Record<string, VariantField<V> | NestedVariants<V>>,
    const O extends VariantsOptions<V, D, F>,
  >(
    o: O & VariantsOptions<V, D, F>,
  ): VariantGroup<D, V, O extends { default: string } ? true : O extends { infer: object } ? true : false, F> {
    const values = o.choices.map((c) => c.value);
    const { discriminator, fields, infer, absentRule, choices, default: initial, ...common } = o;
    const on = (list: readonly V[]): Condition =>
      list.length === 1 ? { property: discriminator, equals: list[0]! } : { property: discriminator, oneOf: [...list] };
    const dropdown = p.dropdown<V, DropdownOptions<V>>({ ...common, choices, ...(initial === undefined ? {} : { default: initial }) });
    const info: VariantsInfo = { discriminator, values };
    const out: Record<string, AnyProperty> = {
      [discriminator]: Object.freeze({
        ...dropdown,
        options: Object.freeze({ ...dropdown.options, ...(infer ? { infer } : {}), ...(absentRule ? { absentRule } : {}) }),
        variants: Object.freeze(info),
      }),
    };
    for (const [key, entry] of Object.entries(fields) as [string, VariantField<V> | NestedVariants<V>][]) {
      const where = `variants "${discriminator}": field "${key}"`;
      if (key === discriminator) throw new TypeError(`${where} has the discriminator's key`);
      if (entry.in.length === 0) throw new TypeError(`${where} belongs to no variant`);
      for (const v of entry.in) if (!values.includes(v)) throw new TypeError(`${where} names "${v}", which is not one of the variants`);
      if ('variants' in entry) {
        // A nested group: its discriminator and fields are shown while this group's variant is one of `in`.
        const inner = entry.variants[key] as (AnyProperty & { variants?: VariantsInfo }) | undefined;
        if (inner?.variants?.discriminator !== key) throw new TypeError(`${where} must be the key of the nested group's discriminator`);
        for (const [innerKey, prop] of Object.entries(entry.variants)) {
          const own = prop.options.condition;
          out[innerKey] = Object.freeze({
            ...prop,
            options: Object.freeze({ ...prop.options, condition: own === undefined ? on(entry.in) : { allMatch: [own, on(entry.in)] } }),
            present: false,
            variantOf: discriminator,
          });
        }
        continue;
      }
      const field = entry;
      for (const v of [...field.in, ...(field.requiredIn ?? [])]) {
        if (!values.includes(v)) throw new TypeError(`${where} names "${v}", which is not one of the variants`);
      }
      for (const v of field.requiredIn ?? []) {
        if (!field.in.includes(v)) throw new TypeError(`${where} is required in "${v}" but not shown there`);
      }
      if (field.property.options.condition !== undefined) throw new TypeError(`${where} has a condition of its own; the group writes it`);
      const requiredIn = field.requiredIn ?? [];
      out[key] = Object.freeze({
        ...field.property,
        options: Object.freeze({
          ...field.property.options,
          condition: on(field.in),
          ...(requiredIn.length > 0 ? { requiredWhen: on(requiredIn) } : {}),
        }),
        present: false,
        variantOf: discriminator,
      });
    }
    return Object.freeze(out) as never;
  },
  /** A fixed value the template writes and the user does not see. */
  hidden<const V extends Scalar>(o: HiddenOptions<V>): Property<V, true> {
    // Inbound properties arrive as strings: accept "3" for 3 and "true" for true.
    const schema = z.preprocess(
      (v) => (typeof v === 'string' && typeof o.value !== 'string' && v === String(o.value) ? o.value : v),
      z.literal(o.value, { error: `must be ${JSON.stringify(o.value)}` }),
    ) as unknown as z.ZodType<V>;
    return make('hidden', 'Hidden', { label: '', group: o.group, condition: o.condition }, schema, o.value, true);
  },
  /**
   * Structured value (object, list, any JSON), entered as FEEL (template type `Text`, FEEL required by default).
   * Give a zod schema to type and validate it.
   */
  json<const O extends JsonOptions<unknown>>(
    o: O,
  ): Property<O extends { schema: z.ZodType } ? z.output<O['schema']> : unknown, IsPresent<Omit<O, 'default'>>> {
    // The default of a JSON property is a FEEL expression for the template only: it never fills the input.
    const schema = o.schema ?? jsonValue;
    const present = o.condition === undefined && o.required === true;
    return make('json', 'Text', { feel: 'required', ...o }, schema, o.default, present) as never;
  },
};
