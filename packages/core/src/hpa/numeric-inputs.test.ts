// The input forms the pure HPA functions accept (Kubernetes v1.33: quantities in milli-units as
// resource.Quantity.MilliValue() rounds them, big integers as
// strings, Go nil slices as null) and the errors for everything else.
import { describe, expect, it } from 'vitest';
import { hpa } from './index.js';

describe('numeric inputs (resource.Quantity milli-units)', () => {
  it('GetExternalPerPodMetricReplicas with quantity strings: 2Ki (2048) against 1e3 per pod at 1 replica → ceil(2048/1000) = 3', () => {
    expect(hpa.replicasForAverageValue({ currentReplicas: 1, metricValue: '2Ki', targetAverageValue: '1e3' })).toEqual({
      replicas: 3,
      usage: 2048,
      ratio: 2.048,
      withinTolerance: false,
    });
  });

  it('a Date is read as its epoch milliseconds: the recommendation is stored at 60000', () => {
    const r = hpa.normalize({
      now: new Date(60_000) as never,
      currentReplicas: 3,
      desiredReplicas: 3,
      minReplicas: 1,
      maxReplicas: 10,
      recommendations: [],
    });
    expect(r.recommendations).toEqual([{ timestamp: 60_000, replicas: 3 }]);
  });

  it.each([
    ['a negative bigint', -1n, 'got -1n'],
    ['an array', [1], 'got an array'],
  ])('%s as a target is refused, named in the message', (_name, targetValue, got) => {
    expect(() =>
      hpa.replicasForValue({ currentReplicas: 1, metricValue: 1, targetValue: targetValue as never }),
    ).toThrow(
      `hpa.replicasForValue: "targetValue" must be a number > 0, ${got} (numbers, bigints and numeric or quantity strings are accepted)`,
    );
  });
});

describe('hpa.recordScaleEvent inputs (Kubernetes storeScaleEvent)', () => {
  it('nil event lists (null) are empty lists; the event is stored at the numeric now', () => {
    const r = hpa.recordScaleEvent({
      now: '60000' as never,
      behavior: {},
      previousReplicas: 1,
      newReplicas: 3,
      scaleUpEvents: null as never,
      scaleDownEvents: null as never,
    });
    expect(r).toEqual({
      scaleUpEvents: [{ timestamp: 60_000, replicaChange: 2, outdated: false }],
      scaleDownEvents: [],
    });
  });
});
