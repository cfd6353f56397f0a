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

/**
 * A property whose template keeps its default value (Modeler pre-fills it) while the run time does
 * not apply it: an absent value stays absent, so the connector can fall back as Camunda's does (a
 * read timeout absent from an older model falls back to the connection timeout). Optional at run time.
 */
export function templateDefaultOnly<T, Present extends boolean>(prop: Property<T, Present>): Property<T, false> {
  // The SDK fills in defaults for every kind but JSON values; the template is made from the template
  // type, options and default, which stay as they are.
  return Object.freeze({ ...prop, kind: 'json', options: Object.freeze({ ...prop.options, required: false }) }) as unknown as Property<T, false>;
}

/** A property that also accepts, at run time, values its template does not offer (`schema` replaces the check). */
export function acceptingAlso<T, U, Present extends boolean>(prop: Property<T, Present>, schema: z.ZodType<U>): Property<U, Present> {
  return Object.freeze({ ...prop, schema }) as unknown as Property<U, Present>;
}
