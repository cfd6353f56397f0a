import type { Warning } from 'feelin';
import { feelin } from './feelin.js';
import { feelTypeOf } from './describe.js';
import { FeelError, type SourcePosition } from './errors.js';
import { evaluateSimple, UNSURE } from './fast-path.js';

/** Variables (and functions) an expression can see. */
export type FeelContext = Record<string, unknown>;

export interface FeelEvaluation {
  value: unknown;
  /**
   * What feelin reported while turning parts of the expression into null (a missing variable,
   * a type mismatch). Rendered with value types in place of values: safe to log.
   */
  warnings: readonly string[];
}

/**
 * Warnings that mean the expression cannot do what it says: calling an unknown function (a typo
 * in `bpmnError`) or calling one with parameters it does not have. FEEL would evaluate the call to
 * null, which would silently take the default path; they fail the evaluation instead.
 */
const FATAL_WARNINGS = new Set<Warning['type']>(['NO_FUNCTION_FOUND', 'FUNCTION_INVOCATION_FAILURE']);

/** The expression without surrounding blanks and the leading `=` that marks FEEL in Camunda models. */
export function stripEquals(expression: string): string {
  const trimmed = expression.trim();
  return trimmed.startsWith('=') ? trimmed.slice(1).trim() : trimmed;
}

function snippet(text: string, position: SourcePosition): string {
  const part = text.slice(position.from, position.to);
  return part.length > 80 ? `${part.slice(0, 77)}...` : part;
}

/** A value in a message: its type (`<string>`), or a function's signature. */
function placeholder(value: unknown): string {
  const type = feelTypeOf(value);
  return type.startsWith('function(') ? type : `<${type}>`;
}

/** A warning's message with each interpolated value replaced by its FEEL type. */
function renderWarning(warning: Warning, text: string): string {
  const values = warning.details?.values ?? {};
  const message =
    warning.type === 'NO_FUNCTION_FOUND'
      ? 'no such function'
      : Object.entries(values).reduce(
          (msg, [key, value]) => msg.split(`{${key}}`).join(placeholder(value)),
          warning.details?.template ?? warning.type,
        );
  const where = snippet(text, warning.position);
  return where ? `${message} (at \`${where}\`)` : message;
}

function syntaxError(text: string, message: string, position: SourcePosition): FeelError {
  // An empty range marks where input was missing or unexpected: show what follows it.
  const near = snippet(text, position.from === position.to ? { from: position.from, to: position.from + 20 } : position).trim();
  const at = position.from >= text.length ? 'at the end of the expression' : `at position ${position.from + 1}`;
  return new FeelError('FEEL_SYNTAX_ERROR', `${message} ${at}${near ? ` near \`${near}\`` : ''}`, { position });
}

const syntaxCache = new Map<string, FeelError | null>();
const SYNTAX_CACHE_SIZE = 256;

/**
 * Checks that an expression parses, without evaluating it (so without any context). Throws a
 * {@link FeelError} with code `FEEL_SYNTAX_ERROR`. Results are cached: headers repeat per job.
 */
export function checkSyntax(expression: string): void {
  const text = stripEquals(expression);
  let error = syntaxCache.get(text);
  if (error === undefined) {
    error = findSyntaxError(text);
    if (syntaxCache.size >= SYNTAX_CACHE_SIZE) syntaxCache.delete(syntaxCache.keys().next().value!);
    syntaxCache.set(text, error);
  }
  if (error) throw error;
}

function findSyntaxError(text: string): FeelError | null {
  if (text === '') return new FeelError('FEEL_SYNTAX_ERROR', 'the expression is empty');
  let found: FeelError | null = null;
  feelin().parseExpression(text, {}, undefined).iterate({
    enter(node) {
      if (found) return false;
      if (!node.type.isError) return undefined;
      const parent = node.node.parent?.name ?? 'Expression';
      found =
        node.from === node.to
          ? syntaxError(text, `Incomplete or unexpected input in <${parent}>`, { from: node.from, to: node.to })
          : syntaxError(text, `Unrecognized token in <${parent}>`, { from: node.from, to: node.to });
      return false;
    },
  });
  return found;
}

/**
 * Evaluates a FEEL expression (a leading `=` is allowed) against a context. Functions are supplied
 * through the context as feelin `FeelFunction`s. Throws a {@link FeelError} when the expression does
 * not parse, calls an unknown function or calls one wrongly; any other problem evaluates to null,
 * as FEEL defines, and is reported in `warnings`.
 */
export function evaluateFeel(expression: string, context: FeelContext): FeelEvaluation {
  const text = stripEquals(expression);
  if (text === '') throw new FeelError('FEEL_SYNTAX_ERROR', 'the expression is empty');
  // Variables, paths and context literals of them: parsed once, read directly (see fast-path.ts).
  const simple = evaluateSimple(text, context);
  if (simple !== UNSURE) return { value: simple, warnings: [] };
  const { evaluate, SyntaxError: FeelSyntaxError } = feelin();
  let result: ReturnType<typeof evaluate>;
  try {
    result = evaluate(text, context);
  } catch (e) {
    if (e instanceof FeelError) throw e;
    if (e instanceof FeelSyntaxError) throw syntaxError(text, e.message, e.position);
    const reason = e instanceof Error ? e.message : String(e);
    throw new FeelError('FEEL_EVALUATION_ERROR', `evaluation failed: ${reason}`, { cause: e });
  }
  const fatal = result.warnings.find((w) => FATAL_WARNINGS.has(w.type));
  if (fatal) {
    throw new FeelError('FEEL_EVALUATION_ERROR', renderWarning(fatal, text), { position: fatal.position });
  }
  return { value: result.value, warnings: result.warnings.map((w) => renderWarning(w, text)) };
}

/** {@link evaluateFeel} returning only the value. */
export function evaluateExpression(expression: string, context: FeelContext): unknown {
  return evaluateFeel(expression, context).value;
}
