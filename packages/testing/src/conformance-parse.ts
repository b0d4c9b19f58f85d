import { ScalerConfigError, type TriggerInput } from '@scalerkit/core';
import { errorValues, type SuiteTools } from './conformance-support.js';

/** Shorter values (`tls: "on"`, a region) may occur in any message by chance; they are not checked. */
const MIN_CHECKED_LENGTH = 3;

/**
 * The checks of `parse()`: it is pure, it rejects missing and invalid parameters naming them, and what it
 * throws never holds a value given in `authParams` (KEDA's TriggerAuthentication holds the credentials).
 */
export function describeParseChecks<Config>(tools: SuiteTools<Config>): void {
  const { it, expect, definition, harness, thresholds, input } = tools;

  /** What `parse()` throws for `triggerInput` (undefined when it accepts it), kept for the secrets check. */
  const parseError = (triggerInput: TriggerInput): unknown => {
    let caught: unknown;
    try {
      definition.parse(triggerInput);
    } catch (error) {
      caught = error;
    }
    tools.errors.push(caught);
    return caught;
  };
  /** The trigger input without `parameter`, also removed from authParams and resolvedEnv. */
  const withoutParameter = (parameter: string): TriggerInput => {
    const metadata = { ...harness.metadata(thresholds) };
    delete metadata[parameter];
    const triggerInput = input(metadata);
    if (triggerInput.authParams) delete triggerInput.authParams[parameter];
    if (triggerInput.resolvedEnv) delete triggerInput.resolvedEnv[parameter];
    return triggerInput;
  };
  const withInvalid = (parameter: string, value: string): TriggerInput =>
    input({ ...harness.metadata(thresholds), [parameter]: value });

  it('has a trigger type and a pure parse()', () => {
    expect(typeof definition.type).toBe('string');
    expect(definition.type.length).toBeGreaterThan(0);
    const metadata = harness.metadata(thresholds);
    expect(definition.parse(input(metadata))).toEqual(definition.parse(input(metadata)));
    expect(harness.metadata(thresholds)).toEqual(metadata);
  });

  for (const parameter of harness.requiredParameters) {
    it(`rejects missing "${parameter}" with ScalerConfigError naming it`, () => {
      const caught = parseError(withoutParameter(parameter));
      expect(
        ScalerConfigError.isInstance(caught),
        `parse() without "${parameter}" must throw a ScalerConfigError`,
      ).toBe(true);
      expect((caught as ScalerConfigError).parameter).toBe(parameter);
      expect((caught as Error).message).toContain(parameter);
    });
  }

  const invalid = Object.entries(harness.invalidMetadata ?? {});
  for (const [parameter, value] of invalid) {
    it(`rejects ${parameter}=${JSON.stringify(value)} with ScalerConfigError naming it`, () => {
      const caught = parseError(withInvalid(parameter, value));
      expect(
        ScalerConfigError.isInstance(caught),
        `parse() with ${parameter}="${value}" must throw a ScalerConfigError`,
      ).toBe(true);
      expect((caught as ScalerConfigError).parameter).toBe(parameter);
    });
  }

  const name = 'never puts an authParams value in a parse error';
  const authValues = Object.entries(harness.authParams ?? {}).filter(([, value]) => value.length >= MIN_CHECKED_LENGTH);
  const cases: [string, () => TriggerInput][] = [
    ...harness.requiredParameters.map((parameter): [string, () => TriggerInput] => [
      `without "${parameter}"`,
      () => withoutParameter(parameter),
    ]),
    ...invalid.map(([parameter, value]): [string, () => TriggerInput] => [
      `with ${parameter}=${JSON.stringify(value)}`,
      () => withInvalid(parameter, value),
    ]),
  ];
  if (authValues.length === 0) {
    tools.skip(name, `the harness gives no authParams of ${MIN_CHECKED_LENGTH} characters or more`);
  } else if (cases.length === 0) {
    tools.skip(name, 'the harness gives no requiredParameters and no invalidMetadata');
  } else {
    it(name, () => {
      for (const [what, triggerInput] of cases) {
        const values = errorValues(parseError(triggerInput()));
        for (const [key, value] of authValues) {
          const holds = values.some((text) => text.includes(value));
          expect(holds, `the parse error ${what} holds the value of authParams.${key}`).toBe(false);
        }
      }
    });
  }
}
