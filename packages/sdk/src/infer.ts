import type { AnyProperty, Property, PropertyMap, VariantsInfo } from './properties.js';

/** Value type of one property. */
export type ValueOf<P> = P extends Property<infer T, boolean> ? T : never;

export type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;

/** Flattens intersections recursively so inferred inputs read (and compare) as plain object types. */
export type Simplify<T> = T extends (...args: never[]) => unknown
  ? T
  : T extends readonly unknown[]
    ? T
    : T extends object
      ? { [K in keyof T]: Simplify<T[K]> }
      : T;

/** `a.b.c` with value V as nested object type; every level optional when the value may be absent. */
type AtPath<K extends string, V, Optional extends boolean> = K extends `${infer Head}.${infer Rest}`
  ? Optional extends true
    ? { [H in Head]?: AtPath<Rest, V, Optional> }
    : { [H in Head]: AtPath<Rest, V, Optional> }
  : Optional extends true
    ? { [H in K]?: V }
    : { [H in K]: V };

type Entry<K extends string, P> = P extends Property<infer T, infer Present> ? AtPath<K, T, Present extends true ? false : true> : never;

type ValueOfField<F> = F extends { property: Property<infer T, boolean> } ? T : never;

/** A field is optional in variant `v` unless its property is present (required or defaulted) or `v` is in `requiredIn`. */
type OptionalIn<Vv extends string, F> = F extends { property: Property<unknown, true> }
  ? false
  : F extends { requiredIn: readonly (infer R)[] }
    ? Vv extends R
      ? false
      : true
    : true;

type FieldsOf<Vv extends string, Fields> = {
  [K in keyof Fields & string]: Fields[K] extends { variants: unknown }
    ? never
    : Fields[K] extends { in: readonly (infer In)[] }
    ? Vv extends In
      ? AtPath<K, ValueOfField<Fields[K]>, OptionalIn<Vv, Fields[K]>>
      : never
    : never;
}[keyof Fields & string];

/** The union of a (nested) group: that of its discriminator. */
type GroupUnion<G> = { [K in keyof G]: G[K] extends { variants: VariantsInfo<infer U> } ? U : never }[keyof G];

/** The unions of the groups nested in variant `Vv`, intersected (boxed, so each stays a union). */
type NestedOf<Vv extends string, Fields> = Unbox<
  UnionToIntersection<
    {
      [K in keyof Fields]: Fields[K] extends { in: readonly (infer In)[]; variants: infer G } ? (Vv extends In ? Box<GroupUnion<G>> : never) : never;
    }[keyof Fields]
  >
>;

type AnyFieldOf<Fields> = {
  [K in keyof Fields & string]: Fields[K] extends { variants: unknown } ? never : AtPath<K, ValueOfField<Fields[K]>, true>;
}[keyof Fields & string];

/**
 * The input union of a variant group (see `p.variants`): per variant, the discriminator and that
 * variant's fields. A discriminator that may be absent (no default, nothing to infer it from) adds
 * a member without it, in which every field is optional (validation then requires none).
 */
export type VariantInput<D extends string, V extends string, Fields, Present extends boolean = true> =
  | { [Vv in V]: Simplify<UnionToIntersection<AtPath<D, Vv, false> | FieldsOf<Vv, Fields>> & NestedOf<Vv, Fields>> }[V]
  | (Present extends true ? never : Simplify<UnionToIntersection<AtPath<D, undefined, true> | AnyFieldOf<Fields>>>);

type SwitchKeys<Props> = {
  [K in keyof Props & string]: Props[K] extends { variantOf: string } ? never : Props[K] extends { variants: VariantsInfo } ? K : never;
}[keyof Props & string];
type PlainKeys<Props> = {
  [K in keyof Props & string]: Props[K] extends { variants: VariantsInfo } ? never : Props[K] extends { variantOf: string } ? never : K;
}[keyof Props & string];

type Box<U> = { box: U };
type Unbox<B> = B extends { box: infer U } ? U : unknown;
type UnionOfSwitch<P> = P extends { variants: VariantsInfo<infer U> } ? U : never;

/** Each variant group's union, intersected with the others' (boxed, so a union is not turned into an intersection). */
type VariantsPart<Props> = [SwitchKeys<Props>] extends [never]
  ? unknown
  : Unbox<UnionToIntersection<{ [K in SwitchKeys<Props>]: Box<UnionOfSwitch<Props[K]>> }[SwitchKeys<Props>]>>;

/**
 * The input a connector receives, inferred from its properties: dotted names nest, required
 * properties are non-optional, dropdowns are unions, properties behind a condition are optional,
 * and variant groups (`p.variants`) are unions narrowing on their discriminator.
 */
export type InputOf<Props extends PropertyMap> = [keyof Props] extends [never]
  ? Record<string, never>
  : Simplify<UnionToIntersection<{ [K in PlainKeys<Props>]: Entry<K, Props[K]> }[PlainKeys<Props>]> & VariantsPart<Props>>;

export type { AnyProperty };
