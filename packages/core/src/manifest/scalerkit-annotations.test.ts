import { describe, expect, it } from 'vitest';
import { parseGoDurationMs, scalerkitAnnotations } from './scalerkit-annotations.js';
import { parseScaledObject } from './scaled-object.js';
import { base, catchError } from './test-helpers.js';

const P = 'autoscaling.scalerkit.dev/';

function withAnnotations(annotations: Record<string, string>, triggerName?: string) {
  const manifest = base();
  manifest.metadata.annotations = annotations;
  if (triggerName !== undefined) manifest.spec.triggers[0].name = triggerName;
  return manifest;
}

describe('scalerkit policy annotations', () => {
  it('leaves an object without them exactly as KEDA parses it (no policies field)', () => {
    expect('policies' in parseScaledObject(base())).toBe(false);
  });

  it('reads every policy, trigger keys by name or by index', () => {
    const so = parseScaledObject(
      withAnnotations(
        {
          [`${P}scale-in-cooldown`]: '120',
          [`${P}panic`]: 'true',
          [`${P}stable-window`]: '2m',
          [`${P}panic-window-percentage`]: '5',
          [`${P}panic-threshold-percentage`]: '300',
          [`${P}queue-time-target.orders`]: '30s',
          [`${P}service-rate-per-replica.orders`]: '2.5',
          [`${P}trigger-error-policy.orders`]: 'ignore',
        },
        'orders',
      ),
    );
    expect(so.policies).toEqual({
      scaleInCooldown: { seconds: 120 },
      panic: { stableWindowSeconds: 120, panicWindowPercentage: 5, panicThresholdPercentage: 300 },
      queueTime: { orders: { targetSeconds: 30, serviceRatePerReplica: 2.5 } },
      triggerErrors: { orders: 'ignore' },
    });
    expect(parseScaledObject(withAnnotations({ [`${P}queue-time-target.0`]: '500ms' })).policies).toEqual({
      queueTime: { '0': { targetSeconds: 0.5 } },
    });
  });

  it('enables panic with Knative defaults from the flag alone, and panic: "false" turns it off', () => {
    expect(parseScaledObject(withAnnotations({ [`${P}panic`]: 'true' })).policies).toEqual({ panic: {} });
    expect(parseScaledObject(withAnnotations({ [`${P}panic`]: 'false' })).policies).toEqual({});
  });

  const invalid: [string, Record<string, string>, string][] = [
    [
      'cooldown not an integer',
      { [`${P}scale-in-cooldown`]: '2m' },
      `metadata.annotations["${P}scale-in-cooldown"]: must be a whole number of seconds >= 0 (as cooldownPeriod), got "2m"`,
    ],
    [
      'panic not a boolean',
      { [`${P}panic`]: 'yes' },
      `metadata.annotations["${P}panic"]: must be "true" or "false", got "yes"`,
    ],
    [
      'panic parameter without panic',
      { [`${P}panic-threshold-percentage`]: '300' },
      `metadata.annotations["${P}panic-threshold-percentage"]: needs ${P}panic: "true"`,
    ],
    [
      'threshold out of Knative range',
      { [`${P}panic`]: 'true', [`${P}panic-threshold-percentage`]: '100' },
      `metadata.annotations["${P}panic-threshold-percentage"]: must be a number from 110 to 1000 (as in Knative), got 100`,
    ],
    [
      'stable window not a duration',
      { [`${P}panic`]: 'true', [`${P}stable-window`]: '60' },
      `metadata.annotations["${P}stable-window"]: must be a duration in whole seconds from 6s to 1h`,
    ],
    [
      'stable window too short',
      { [`${P}panic`]: 'true', [`${P}stable-window`]: '5s' },
      `metadata.annotations["${P}stable-window"]: must be a number from 6 to 3600 (as in Knative), got 5`,
    ],
    [
      'queue time of no trigger',
      { [`${P}queue-time-target.payments`]: '30s' },
      `metadata.annotations["${P}queue-time-target.payments"]: names no trigger of this ScaledObject (trigger keys: 0;`,
    ],
    [
      'queue time zero',
      { [`${P}queue-time-target.0`]: '0s' },
      `metadata.annotations["${P}queue-time-target.0"]: must be a duration longer than 0`,
    ],
    [
      'rate without target',
      { [`${P}service-rate-per-replica.0`]: '4' },
      `metadata.annotations["${P}service-rate-per-replica.0"]: needs ${P}queue-time-target.0`,
    ],
    [
      'rate not positive',
      { [`${P}queue-time-target.0`]: '30s', [`${P}service-rate-per-replica.0`]: '0' },
      `metadata.annotations["${P}service-rate-per-replica.0"]: must be a number of items per second > 0`,
    ],
    [
      'error policy unknown',
      { [`${P}trigger-error-policy.0`]: 'retry' },
      `metadata.annotations["${P}trigger-error-policy.0"]: must be one of ignore, hold, fallback, got "retry"`,
    ],
    [
      'missing trigger key',
      { [`${P}trigger-error-policy.`]: 'hold' },
      `metadata.annotations["${P}trigger-error-policy."]: needs a trigger key after`,
    ],
    [
      'typo',
      { [`${P}scale-in-cooldwn`]: '60' },
      `metadata.annotations["${P}scale-in-cooldwn"]: is not a scalerkit annotation (accepted: ${P}scale-in-cooldown, ${P}panic,`,
    ],
  ];
  it.each(invalid)('refuses %s, naming the annotation and what is accepted', (_name, annotations, message) => {
    const error = catchError(() => parseScaledObject(withAnnotations(annotations)));
    expect(error.message).toContain(message);
  });

  it('exports every annotation name under the scalerkit prefix', () => {
    for (const name of Object.values(scalerkitAnnotations)) expect(name.startsWith(P)).toBe(true);
  });
});

describe('parseGoDurationMs', () => {
  const rows: [string, number | undefined][] = [
    ['60s', 60_000],
    ['1m30s', 90_000],
    ['1.5h', 5_400_000],
    ['250ms', 250],
    ['60', undefined],
    ['', undefined],
    ['-5s', undefined],
    ['5 s', undefined],
  ];
  for (const [text, ms] of rows) it(`${JSON.stringify(text)} → ${ms}`, () => expect(parseGoDurationMs(text)).toBe(ms));
});
