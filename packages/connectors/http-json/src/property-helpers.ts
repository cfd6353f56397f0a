/**
 * Run-time leniency the stock template needs and the SDK builders do not offer: the element
 * template stays what the builder produced, only the run-time schema accepts more.
 */
import { p, type Property, type TextOptions } from '@connectorkit/sdk';
import { z } from 'zod';

function withSchema<T, Present extends boolean>(prop: Property<T, Present>, schema: z.ZodType<T>): Property<T, Present> {
  return Object.freeze({ ...prop, schema });
}

/**
 * Single-line text whose value may be computed by FEEL: the engine then hands over whatever type the
 * expression produced, so a number or a boolean is accepted and turned into its text.
 */
export function feelText<const O extends TextOptions>(options: O): ReturnType<typeof p.text<O>> {
  const prop = p.text(options);
  const toText = (v: unknown) => (typeof v === 'number' || typeof v === 'boolean' ? String(v) : v);
  return withSchema(prop, z.preprocess(toText, prop.schema));
}

/**
 * A dropdown that also accepts values older stock templates wrote (`get` for `GET`) or values we
 * accept without supporting them yet: `normalize` maps a raw value to one of the choices.
 */
export function lenientDropdown<V extends string, Present extends boolean>(
  prop: Property<V, Present>,
  normalize: (raw: string) => V | undefined,
): Property<V, Present> {
  return withSchema(
    prop,
    z.preprocess((v) => (typeof v === 'string' ? (normalize(v) ?? v) : v), prop.schema),
  );
}
