import type { AnyProperty, Property, PropertyMap } from './properties.js';

/** Value type of one property. */
export type ValueOf<P> = P extends Property<infer T, boolean> ? T : never;

type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;

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

/**
 * The input a connector receives, inferred from its properties: dotted names nest, required
 * properties are non-optional, dropdowns are unions, properties behind a condition are optional.
 */
export type InputOf<Props extends PropertyMap> = [keyof Props] extends [never]
  ? Record<string, never>
  : Simplify<UnionToIntersection<{ [K in keyof Props & string]: Entry<K, Props[K]> }[keyof Props & string]>>;

export type { AnyProperty };
