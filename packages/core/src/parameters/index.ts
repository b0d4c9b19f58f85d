// Public API of this area; re-exported by ../index.ts.
export type {
  BooleanOptions,
  CommonParameterOptions,
  DurationOptions,
  EnumListOptions,
  EnumOptions,
  FloatOptions,
  InferParameters,
  IntegerOptions,
  ListOptions,
  MapOptions,
  Parameter,
  ParameterKind,
  ParameterOutput,
  ParameterShape,
  ParameterSource,
  StringOptions,
} from './builders.js';
export { PARAMETER_SOURCES, parameters } from './builders.js';
export type { ListElementKind } from './convert.js';
export type { ParameterDescription, ParameterTableRow } from './describe.js';
export { describeParameters, formatParameterTable, parameterTableRow } from './describe.js';
export type { ParameterHit, ParameterInput } from './lookup.js';
export { lookupParameter, parameterLocation } from './lookup.js';
export type {
  ParameterValidationProblem,
  ParameterValidationResult,
  ParseParametersInput,
  ParseParametersOptions,
} from './parse.js';
export { checkUnexpectedParameters, parseParameters } from './parse.js';
