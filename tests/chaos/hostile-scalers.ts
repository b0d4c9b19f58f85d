// Scalers that misbehave in every way user code can: hang (ignoring the abort signal, in polls and in close()),
// throw values that are not errors, and return garbage. Registered as trigger types, so the autoscaler builds
// (and rebuilds) them from a registry as it does real scalers.
import { defineScaler, type MetricSpec, type MetricsAndActivity, type Scaler, ScalerRegistry } from '@scalerkit/core';

/** Counts, for bounds: scalers created, calls made, and the most calls one hanging scaler received. */
export interface HostileStats {
  mostCallsToOneHangingScaler: number;
  hangingCloses: number;
  created: Record<string, number>;
  calls: Record<string, number>;
}

const throwingToString = {
  toString() {
    throw new Error('toString refused');
  },
};
const throwingProxy = new Proxy(
  {},
  {
    get() {
      throw new Error('proxy get refused');
    },
    has() {
      throw new Error('proxy has refused');
    },
    ownKeys() {
      throw new Error('proxy ownKeys refused');
    },
    getPrototypeOf() {
      throw new Error('proxy getPrototypeOf refused');
    },
  },
);
const circular: Error & { cause?: unknown } = new Error('circular');
circular.cause = circular;

/** Values thrown (or rejected with) by the `odd-throw` scaler, in turn. */
export const ODD_THROWN: readonly unknown[] = [
  Object.create(null),
  Symbol('odd'),
  Number.MAX_VALUE,
  Number.NaN,
  null,
  undefined,
  throwingToString,
  throwingProxy,
  10n,
  Object.freeze([1, 2, 3]),
  circular,
  'a plain string',
  () => 'a function',
];

/** Answers of the `garbage` scaler, in turn (`name` is the trigger's metric name). */
export function garbageAnswers(name: string): readonly unknown[] {
  return [
    null,
    undefined,
    42,
    'metrics',
    {},
    Object.create(null),
    throwingProxy,
    { metrics: null, isActive: true },
    { metrics: 'x', isActive: 1 },
    { metrics: [null], isActive: true },
    { metrics: [{ metricName: name, value: Number.NaN }], isActive: true },
    { metrics: [{ metricName: name, value: Number.MAX_VALUE }], isActive: true },
    { metrics: [{ metricName: name, value: 1.8e305 }], isActive: true },
    { metrics: [{ metricName: name, value: Number.NEGATIVE_INFINITY }], isActive: false },
    { metrics: [{ metricName: name, value: Symbol('value') }], isActive: true },
    { metrics: [{ metricName: name, value: '12' }], isActive: true },
    { metrics: [{ metricName: name, value: -5 }], isActive: true },
    { metrics: [{ metricName: 'not-the-metric', value: 1 }], isActive: true },
    { metrics: [], isActive: true },
    { metrics: [{ metricName: name, value: 25 }], isActive: true },
  ];
}

/** A registry with the trigger types `steady`, `hang`, `odd-throw` and `garbage`, counting into `stats`. */
export function hostileRegistry(stats: HostileStats): ScalerRegistry {
  const registry = new ScalerRegistry();
  const define = (
    type: string,
    poll: (name: string, call: number, callsToThisScaler: number) => Promise<MetricsAndActivity>,
    close = async () => {},
  ) =>
    registry.register(
      defineScaler<{ index: number }>({
        type,
        parse: (input) => ({ index: input.triggerIndex ?? 0 }),
        create: ({ index }): Scaler => {
          stats.created[type] = (stats.created[type] ?? 0) + 1;
          const name = `s${index}-${type}`;
          const specs: MetricSpec[] = [{ metricName: name, targetType: 'AverageValue', targetValue: 10 }];
          let callsToThisScaler = 0;
          return {
            getMetricSpecs: () => specs.map((spec) => ({ ...spec })),
            getMetricsAndActivity: () => {
              const call = (stats.calls[type] = (stats.calls[type] ?? 0) + 1);
              callsToThisScaler += 1;
              return poll(name, call, callsToThisScaler);
            },
            close,
          };
        },
      }),
    );
  define('steady', async (name) => ({ metrics: [{ metricName: name, value: 25 }], isActive: true }));
  define(
    'hang',
    (_name, _call, callsToThisScaler) => {
      stats.mostCallsToOneHangingScaler = Math.max(stats.mostCallsToOneHangingScaler, callsToThisScaler);
      // Never settles, and ignores the signal.
      return new Promise<MetricsAndActivity>(() => {});
    },
    () => {
      stats.hangingCloses += 1;
      return new Promise<void>(() => {});
    },
  );
  define('odd-throw', (_name, call) => {
    const value = ODD_THROWN[(call - 1) % ODD_THROWN.length];
    // Half synchronous throws, half rejections.
    if (call % 2 === 0) throw value;
    return Promise.reject(value);
  });
  define('garbage', async (name, call) => {
    const answers = garbageAnswers(name);
    return answers[(call - 1) % answers.length] as MetricsAndActivity;
  });
  return registry;
}

export function newStats(): HostileStats {
  return { mostCallsToOneHangingScaler: 0, hangingCloses: 0, created: {}, calls: {} };
}
