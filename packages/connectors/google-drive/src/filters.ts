/**
 * File filters: a name pattern (glob or regular expression) and a list of MIME types. Compiled once
 * per activation; a bad pattern is an input error naming the field.
 */
import { ConnectorInputError } from '@connectorkit/sdk';
import { PATTERN_TYPE, type GoogleDriveInput } from './properties.js';

export const FOLDER_MIME_TYPE = 'application/vnd.google-apps.folder';

export interface FileFilter {
  /** Whether a file with this name and MIME type may start a process. */
  matches(file: { name?: string | null; mimeType?: string | null }): boolean;
}

/**
 * A glob as a regular expression over the whole name, ignoring case: `*` any run of characters,
 * `?` one character, `[abc]` / `[!abc]` one of / none of, `{a,b}` either alternative, `\x` a literal x.
 */
export function globToRegExp(glob: string): RegExp {
  let out = '';
  let braces = 0;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '\\' && i + 1 < glob.length) out += escape(glob[++i]!);
    else if (c === '*') out += '.*';
    else if (c === '?') out += '.';
    else if (c === '[') {
      const end = glob.indexOf(']', i + 2);
      if (end === -1) throw new SyntaxError(`"[" at position ${i + 1} is not closed`);
      let set = glob.slice(i + 1, end);
      if (set.startsWith('!')) set = `^${set.slice(1)}`;
      out += `[${set.replace(/\\/g, '\\\\')}]`;
      i = end;
    } else if (c === '{') {
      braces++;
      out += '(?:';
    } else if (c === '}' && braces > 0) {
      braces--;
      out += ')';
    } else if (c === ',' && braces > 0) out += '|';
    else out += escape(c);
  }
  if (braces > 0) throw new SyntaxError('"{" is not closed');
  return new RegExp(`^${out}$`, 'isu');
}

function escape(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** A regular expression as typed: `text` (searched anywhere, case-sensitive) or `/text/flags`. */
export function parseRegExp(text: string): RegExp {
  const literal = /^\/(.+)\/([a-z]*)$/s.exec(text);
  if (!literal) return new RegExp(text, 'u');
  // g and y make test() stateful (lastIndex): drop them; u is always on.
  const flags = new Set([...literal[2]!].filter((f) => f !== 'g' && f !== 'y'));
  flags.add('u');
  return new RegExp(literal[1]!, [...flags].join(''));
}

/** `application/pdf, image/*` -> a test; empty -> every type. */
export function mimeTypeTest(list: string | undefined): (mimeType: string) => boolean {
  const entries = (list ?? '')
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter((s) => s !== '');
  if (entries.length === 0) return () => true;
  const exact = new Set(entries.filter((e) => !e.endsWith('/*')));
  const families = entries.filter((e) => e.endsWith('/*')).map((e) => e.slice(0, -1));
  return (mimeType) => {
    const m = mimeType.toLowerCase();
    return exact.has(m) || families.some((f) => m.startsWith(f));
  };
}

export function createFilter(filter: GoogleDriveInput['filter']): FileFilter {
  const pattern = filter.namePattern?.trim();
  let name: RegExp | undefined;
  if (pattern) {
    try {
      name = filter.namePatternType === PATTERN_TYPE.regex ? parseRegExp(pattern) : globToRegExp(pattern);
    } catch (e) {
      const kind = filter.namePatternType === PATTERN_TYPE.regex ? 'regular expression' : 'glob';
      throw ConnectorInputError.fromIssues([{ field: 'filter.namePattern', rule: `is not a valid ${kind}: ${(e as Error).message}` }]);
    }
  }
  const mime = mimeTypeTest(filter.mimeTypes);
  return {
    matches(file) {
      if (name && !name.test(file.name ?? '')) return false;
      return mime(file.mimeType ?? '');
    },
  };
}
