/**
 * Google's partial-response `fields` selector (`nextPageToken,files(id,owners(displayName))`),
 * applied to an answer as the real API does: only the named members come back.
 */
export type FieldMask = Map<string, FieldMask | true>;

export function parseFields(text: string): FieldMask {
  let i = 0;
  const parseList = (): FieldMask => {
    const mask: FieldMask = new Map();
    while (i < text.length && text[i] !== ')') {
      let name = '';
      while (i < text.length && !',()'.includes(text[i]!)) name += text[i++];
      name = name.trim();
      if (text[i] === '(') {
        i++;
        mask.set(name, parseList());
        if (text[i++] !== ')') throw new Error(`fields: ")" missing after ${name}`);
      } else mask.set(name, true);
      if (text[i] === ',') i++;
    }
    return mask;
  };
  const mask = parseList();
  if (i !== text.length) throw new Error(`fields: unexpected ")" at ${i}`);
  return mask;
}

export function applyFields(value: unknown, mask: FieldMask | true): unknown {
  if (mask === true || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => applyFields(v, mask));
  const out: Record<string, unknown> = {};
  for (const [name, sub] of mask) {
    const v = (value as Record<string, unknown>)[name];
    if (v !== undefined) out[name] = applyFields(v, sub);
  }
  return out;
}
