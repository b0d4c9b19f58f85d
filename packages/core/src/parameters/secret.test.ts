import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ScalerConfigError } from '../errors.js';
import type { ScalerEvent } from '../types.js';
import { type Parameter, type ParameterSource, parameters as p } from './builders.js';
import { type ParseParametersInput, parseParameters } from './parse.js';

const announce = { deprecatedAnnounce: 'secret parameter renamed' };
const secretKinds: [string, Parameter<unknown>][] = [
  ['string', p.string({ secret: true, ...announce })],
  ['integer', p.integer({ secret: true, ...announce })],
  ['float', p.float({ secret: true, ...announce })],
  ['boolean', p.boolean({ secret: true, ...announce })],
  ['duration', p.duration({ secret: true, ...announce })],
  ['enum', p.enum(['a', 'b'], { secret: true, ...announce })],
  ['enum with separator', p.enum(['a', 'b'], { secret: true, separator: ',', exclusiveSet: ['a', 'b'], ...announce })],
  ['enumList', p.enumList(['a', 'b'], { secret: true, exclusiveSet: ['a', 'b'], ...announce })],
  ['string list', p.list({ secret: true, exclusiveSet: ['a', 'b'], ...announce })],
  ['integer list with ranges', p.list({ of: 'integer', range: true, secret: true, ...announce })],
  ['float list', p.list({ of: 'float', secret: true, ...announce })],
  ['boolean list', p.list({ of: 'boolean', secret: true, ...announce })],
  ['map', p.map({ secret: true, ...announce })],
  ['deprecated', p.string({ secret: true, deprecated: 'no longer supported' })],
];

function messagesOf(run: () => unknown, events: ScalerEvent[]): string[] {
  const texts = events.map((event) => event.message);
  try {
    run();
  } catch (error) {
    if (!ScalerConfigError.isInstance(error)) throw error;
    texts.push(error.message, ...error.problems.map((problem) => problem.message));
  }
  return texts;
}

function inputFor(source: ParameterSource, value: string): ParseParametersInput {
  if (source === 'metadata') return { metadata: { x: value } };
  if (source === 'authParams') return { metadata: {}, authParams: { x: value } };
  return { metadata: { xFromEnv: 'X' }, resolvedEnv: { X: value } };
}

// Each secret piece is wrapped in markers and free of separators, so any fragment of the value the
// parser could show (whole value, list element, range bound, map entry) contains a marker.
const piece = fc
  .string({ minLength: 0, maxLength: 12 })
  .filter((text) => !/[,;=:\-§¤]/.test(text))
  .map((text) => `§${text}¤`);
const secretValue = fc
  .tuple(fc.array(piece, { minLength: 1, maxLength: 4 }), fc.constantFrom(',', '=', '-', ', ', ' - ', ',a,b,'))
  .map(([pieces, separator]) => pieces.join(separator));

describe('secret parameters', () => {
  it('never show a secret value in errors or events, whatever the type and source', () => {
    fc.assert(
      fc.property(
        secretValue,
        fc.constantFrom(...secretKinds),
        fc.constantFrom<ParameterSource>('metadata', 'authParams', 'resolvedEnv'),
        (value, [, parameter], source) => {
          const events: ScalerEvent[] = [];
          const shape = { x: rebuildWithOrder(parameter, source) };
          const texts = messagesOf(
            () =>
              parseParameters(shape, inputFor(source, value), {
                scalerType: 'kafka',
                emit: (event) => events.push(event),
                warnUnexpected: true,
              }),
            events,
          );
          for (const text of texts) {
            expect(text).not.toMatch(/[§¤]/);
          }
        },
      ),
      { numRuns: 400 },
    );
  });

  it.each(secretKinds.filter(([kind]) => kind !== 'string' && kind !== 'deprecated'))(
    'says the %s value is hidden',
    (_kind, parameter) => {
      const texts = messagesOf(
        () => parseParameters({ x: parameter }, { metadata: { x: 'a,b,§x¤' } }, { scalerType: 'kafka' }),
        [],
      );
      expect(texts[0]).toMatch(/^kafka: parameter "x" must be .*, got an invalid value \(secret, not shown\)/);
    },
  );

  it('hides list elements and range bounds in the detail too', () => {
    const texts = messagesOf(
      () =>
        parseParameters(
          { x: p.list({ of: 'integer', range: true, secret: true }) },
          { metadata: { x: '1,9-7' } },
          { scalerType: 'kafka' },
        ),
      [],
    );
    expect(texts[0]).toBe(
      'kafka: parameter "x" must be a list of integers (ranges like 5-10 allowed), got an invalid value (secret, not shown) (element 2 (hidden) has its start after its end)',
    );
  });
});

/** The same declaration read from one source only (the property test varies where the secret comes from). */
function rebuildWithOrder(parameter: Parameter<unknown>, source: ParameterSource): Parameter<unknown> {
  return { ...parameter, order: [source] };
}

describe('values that may come from a Secret', () => {
  it('never quotes a non-secret parameter value taken from authParams or the environment', () => {
    const declared = { sasl: p.enum(['none', 'plaintext'], { order: ['metadata', 'authParams', 'resolvedEnv'] }) };
    const planted = 'hunter2-S3CRET';
    const inputs: ParseParametersInput[] = [
      { metadata: {}, authParams: { sasl: planted } },
      { metadata: { saslFromEnv: 'SASL' }, resolvedEnv: { SASL: planted } },
    ];
    for (const input of inputs) {
      const texts = messagesOf(() => parseParameters(declared, input, { scalerType: 'kafka' }), []);
      expect(texts.length).toBeGreaterThan(0);
      for (const text of texts) expect(text).not.toContain(planted);
    }
    // Written in the trigger's metadata, it is the user's own text: quoted to help them.
    const fromMetadata = messagesOf(
      () => parseParameters(declared, { metadata: { sasl: 'plain-text' } }, { scalerType: 'kafka' }),
      [],
    );
    expect(fromMetadata[0]).toContain('"plain-text"');
  });
});
