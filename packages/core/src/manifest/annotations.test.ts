import { describe, expect, it } from 'vitest';
import { parseGoBool, parseGoInt32, parsePauseAnnotations } from './annotations.js';
import { parseScaledJob } from './scaled-job.js';
import { parseScaledObject } from './scaled-object.js';

const TRUE_SPELLINGS = ['1', 't', 'T', 'TRUE', 'true', 'True'];
const FALSE_SPELLINGS = ['0', 'f', 'F', 'FALSE', 'false', 'False'];
const NOT_BOOLEAN = ['', 'yes', 'no', 'on', 'off', 'tRUE', 'fALSE', ' true', 'true ', '2', 'paused'];

describe('parseGoBool (strconv.ParseBool)', () => {
  for (const text of TRUE_SPELLINGS)
    it(`reads ${JSON.stringify(text)} as true`, () => expect(parseGoBool(text)).toBe(true));
  for (const text of FALSE_SPELLINGS)
    it(`reads ${JSON.stringify(text)} as false`, () => expect(parseGoBool(text)).toBe(false));
  for (const text of NOT_BOOLEAN)
    it(`does not read ${JSON.stringify(text)}`, () => expect(parseGoBool(text)).toBeUndefined());
});

describe('parseGoInt32 (strconv.ParseInt base 10, 32 bits)', () => {
  const rows: [string, number | undefined][] = [
    ['0', 0],
    ['5', 5],
    ['+3', 3],
    ['007', 7],
    ['-1', -1],
    ['2147483647', 2147483647],
    ['2147483648', undefined],
    ['-2147483649', undefined],
    ['1.5', undefined],
    ['1e3', undefined],
    ['0x10', undefined],
    ['1_000', undefined],
    [' 1', undefined],
    ['', undefined],
    ['abc', undefined],
  ];
  for (const [text, expected] of rows)
    it(`${JSON.stringify(text)} → ${expected}`, () => expect(parseGoInt32(text)).toBe(expected));
});

const none = { paused: false, pausedScaleIn: false, pausedScaleOut: false, forceActivation: false };
const flags = [
  ['autoscaling.keda.sh/paused', 'paused'],
  ['autoscaling.keda.sh/paused-scale-in', 'pausedScaleIn'],
  ['autoscaling.keda.sh/paused-scale-out', 'pausedScaleOut'],
  ['autoscaling.keda.sh/force-activation', 'forceActivation'],
] as const;

describe('parsePauseAnnotations (ScaledObject)', () => {
  it('is all false without annotations', () => expect(parsePauseAnnotations({})).toEqual(none));

  for (const [annotation, property] of flags) {
    for (const text of TRUE_SPELLINGS) {
      it(`${annotation}: ${JSON.stringify(text)} → ${property} true`, () => {
        expect(parsePauseAnnotations({ [annotation]: text })).toEqual({ ...none, [property]: true });
      });
    }
    for (const text of FALSE_SPELLINGS) {
      it(`${annotation}: ${JSON.stringify(text)} → ${property} false`, () => {
        expect(parsePauseAnnotations({ [annotation]: text })).toEqual(none);
      });
    }
    for (const text of NOT_BOOLEAN) {
      it(`${annotation}: unparsable ${JSON.stringify(text)} → ${property} true`, () => {
        expect(parsePauseAnnotations({ [annotation]: text })).toEqual({ ...none, [property]: true });
      });
    }
  }

  const replicas: [string, Record<string, string>, object][] = [
    [
      'paused-replicas alone pauses with that count',
      { 'autoscaling.keda.sh/paused-replicas': '3' },
      { paused: true, pausedReplicas: 3 },
    ],
    ['paused-replicas 0', { 'autoscaling.keda.sh/paused-replicas': '0' }, { paused: true, pausedReplicas: 0 }],
    [
      'paused-replicas pauses even with paused "false"',
      { 'autoscaling.keda.sh/paused': 'false', 'autoscaling.keda.sh/paused-replicas': '2' },
      { paused: true, pausedReplicas: 2 },
    ],
    [
      'invalid paused-replicas keeps paused, no count',
      { 'autoscaling.keda.sh/paused-replicas': 'two' },
      { paused: true },
    ],
    ['empty paused-replicas keeps paused, no count', { 'autoscaling.keda.sh/paused-replicas': '' }, { paused: true }],
    [
      'out-of-range paused-replicas keeps paused, no count',
      { 'autoscaling.keda.sh/paused-replicas': '2147483648' },
      { paused: true },
    ],
    [
      'negative paused-replicas keeps paused, no count',
      { 'autoscaling.keda.sh/paused-replicas': '-1' },
      { paused: true },
    ],
    ['other annotations are ignored', { 'example.com/owner': 'team-a', 'autoscaling.keda.sh/pause': 'true' }, {}],
  ];
  for (const [name, annotations, expected] of replicas) {
    it(name, () => expect(parsePauseAnnotations(annotations)).toEqual({ ...none, ...expected }));
  }
});

describe('pause annotations in parsed manifests', () => {
  const spec = { scaleTargetRef: { name: 'w' }, triggers: [{ type: 'kafka', metadata: {} }] };
  const annotated = (annotations: Record<string, string>) => ({
    apiVersion: 'keda.sh/v1alpha1',
    kind: 'ScaledObject',
    metadata: { name: 'so', annotations },
    spec,
  });

  it('keeps annotations verbatim and reads pause from them', () => {
    const annotations = {
      'autoscaling.keda.sh/paused-scale-in': 'T',
      'autoscaling.keda.sh/paused-replicas': 'x',
      other: 'v',
    };
    const so = parseScaledObject(annotated(annotations));
    expect(so.metadata.annotations).toEqual(annotations);
    expect(so.pause).toEqual({ ...none, paused: true, pausedScaleIn: true });
  });

  it('reads quoted YAML annotation values', () => {
    const so = parseScaledObject(
      'apiVersion: keda.sh/v1alpha1\nkind: ScaledObject\nmetadata:\n  name: so\n  annotations:\n    autoscaling.keda.sh/paused: "true"\nspec:\n  scaleTargetRef: {name: w}\n  triggers: [{type: kafka, metadata: {}}]\n',
    );
    expect(so.pause.paused).toBe(true);
  });

  it('a ScaledJob honours only the paused annotation', () => {
    const job = parseScaledJob({
      apiVersion: 'keda.sh/v1alpha1',
      kind: 'ScaledJob',
      metadata: {
        name: 'job',
        annotations: {
          'autoscaling.keda.sh/paused-replicas': '1',
          'autoscaling.keda.sh/paused-scale-in': 'true',
          'autoscaling.keda.sh/force-activation': 'true',
        },
      },
      spec: { jobTargetRef: { template: {} }, triggers: [{ type: 'kafka', metadata: {} }] },
    });
    expect(job.pause).toEqual(none);
    expect(parsePauseAnnotations({ 'autoscaling.keda.sh/paused': 'yes' }, 'ScaledJob')).toEqual({
      ...none,
      paused: true,
    });
  });
});
