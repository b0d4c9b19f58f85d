import { ScalerError } from '../errors.js';
import { FORMULA_BUILTINS, FormulaChecker } from './formula-check.js';
import { evaluateFormula, type FormulaValue, FormulaRuntimeError } from './formula-runtime.js';
import { type FormulaNode, FormulaSyntaxError, parseFormula } from './formula-syntax.js';

/**
 * A compiled scalingModifiers formula: evaluates against trigger values (`null` = no value, expr's nil). Returns a
 * number (float64), `null` (nil), or what a formula written as `float(...) ...` left unconverted: a boolean, a
 * bigint (an expr int) or an array. Throws a `ScalerError` with code `METRIC_ERROR` when the formula fails on the
 * values given, e.g. `a + b` with `a` nil.
 */
export type CompiledFormula = (variables: Readonly<Record<string, number | null>>) => unknown;

/** Functions a formula may call: expr-lang's numeric and array builtins (predicates take `#`, the element). */
export const FORMULA_FUNCTIONS: readonly string[] = Object.freeze([...FORMULA_BUILTINS]);

function invalid(formula: string, problem: string): never {
  throw new ScalerError(
    `scalingModifiers.formula ${JSON.stringify(formula)}: ${problem}. Supported: expr-lang on numbers, nil, booleans ` +
      `and arrays (operators, ?:, ??, let, if/else) and the builtins ${FORMULA_BUILTINS.join(', ')}; ` +
      'predicates use # for the element: count([a, b], # > 5)',
    { code: 'CONFIG_ERROR' },
  );
}

const PRELUDE_NIL = 'let _kedaCompositeResult = (';

/**
 * KEDA's castToFloatIfNecessary (apis/keda/v1alpha1/scaledobject_webhook.go, v2.21.0), applied to the text as KEDA
 * does: a formula with `??` may yield nil (then fallback.replicas × target applies), any other is wrapped in
 * float() unless it starts with `float(`.
 */
export function castToFloatIfNecessary(formula: string): { source: string; prefix: number } {
  if (formula.includes('??')) {
    if (formula.startsWith('let _kedaCompositeResult = ')) return { source: formula, prefix: 0 };
    return {
      source: `${PRELUDE_NIL}${formula}); _kedaCompositeResult == nil ? nil : float(_kedaCompositeResult)`,
      prefix: PRELUDE_NIL.length,
    };
  }
  if (formula.startsWith('float(')) return { source: formula, prefix: 0 };
  return { source: `float(${formula})`, prefix: 'float('.length };
}

/**
 * Compiles a KEDA scalingModifiers formula in expr-lang's language (v1.17.8, the version KEDA v2.21.0 uses), as
 * KEDA's webhook does in `validateScalingModifiersFormula`: the formula is wrapped by castToFloatIfNecessary,
 * parsed, type-checked with every trigger a float64, then run once with every trigger at -1 (a formula that fails
 * there is refused). Evaluation is an interpreter over the syntax tree: no `eval`, no `new Function`.
 *
 * @example
 * const f = compileFormula('count([a, b, c], # > 5) * 10', ['a', 'b', 'c']);
 * f({ a: 7, b: 2, c: 9 }); // 20
 */
export function compileFormula(formula: string, variables: readonly string[]): CompiledFormula {
  const { source, prefix } = castToFloatIfNecessary(formula);
  const where = (at: number) => {
    const column = at - prefix;
    return column >= 1 && column <= formula.length + 1 ? ` (column ${column})` : '';
  };
  let ast: FormulaNode;
  try {
    ast = parseFormula(source);
    new FormulaChecker(new Set(variables)).check(ast);
  } catch (e) {
    if (e instanceof FormulaSyntaxError) {
      if (e.phase === 'type') invalid(formula, `${e.message}${where(e.at)}`);
      // A token past the user's text belongs to KEDA's float() wrapping: the formula ended too early.
      if (e.at - prefix > formula.length) invalid(formula, 'syntax error: unexpected end of formula');
      invalid(formula, `syntax error: ${e.message}${where(e.at)}`);
    }
    throw e;
  }
  const dummy: Record<string, FormulaValue> = {};
  for (const v of variables) dummy[v] = -1;
  try {
    evaluateFormula(ast, dummy);
  } catch (e) {
    if (!(e instanceof FormulaRuntimeError)) throw e;
    invalid(formula, `fails with every trigger at -1, as KEDA's admission webhook runs it: ${e.message}`);
  }
  return (values) => {
    try {
      return evaluateFormula(ast, values);
    } catch (e) {
      if (!(e instanceof FormulaRuntimeError)) throw e;
      throw new ScalerError(`scalingModifiers.formula ${JSON.stringify(formula)} failed: ${e.message}`, {
        code: 'METRIC_ERROR',
      });
    }
  };
}
