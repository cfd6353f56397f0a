export { FeelError, type FeelErrorCode, type SourcePosition } from './errors.js';
export { checkSyntax, evaluateExpression, evaluateFeel, stripEquals, type FeelContext, type FeelEvaluation } from './evaluate.js';
export { connectorFunctions, readErrorDirective, ERROR_TYPE_KEY, type ErrorDirective } from './connector-functions.js';
export { durationToMillis } from './duration.js';
export { feelTypeOf, isContext } from './describe.js';
