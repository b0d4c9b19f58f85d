import { ScalerError, UnknownTriggerTypeError } from '@scalerkit/core';
import { describe, expect, it } from 'vitest';
import { terminalMessage, tidyMessage, withoutRepeatedErrors } from './messages.js';

describe('terminalMessage', () => {
  it.each([
    ['kafka trigger 0: kafka: reading the lag failed', 'kafka trigger 0: reading the lag failed'],
    ['nats-jetstream trigger 2 (orders): nats-jetstream: boom', 'nats-jetstream trigger 2 (orders): boom'],
    ['autoscaler "a": autoscaler "a": x', 'autoscaler "a": x'],
    [
      'registry: @scalerkit/kafka (trigger type "kafka") is installed but failed to load: no kafkajs',
      '@scalerkit/kafka (trigger type "kafka") is installed but failed to load: no kafkajs',
    ],
    [
      'simulate: cannot tell the target of trigger "q" (type custom); set spec.triggers[0].metadata.targetValue or pass metricSpecs["q"]',
      'simulate: cannot tell the target of trigger "q" (type custom); set spec.triggers[0].metadata.targetValue',
    ],
    [
      'createScalingEngine: "metricSpecs.lag[0].targetValue" must be a number > 0, got -1',
      'trigger "lag": its target (from its metadata) must be a number > 0, got -1',
    ],
    [
      'TriggerAuthentication "a": hashiCorpVault is not supported by scalerkit yet; read the value yourself and serve it through a SecretProvider with secretTargetRef',
      'TriggerAuthentication "a": hashiCorpVault is not supported by scalerkit yet; reference the value with secretTargetRef instead (outside Kubernetes scalerkit reads it from the environment variable <SECRET NAME>_<KEY>)',
    ],
    [
      'TriggerAuthentication "a": configMap "settings" has no key "host" (needed for parameter "host")',
      'TriggerAuthentication "a": configMap "settings" has no key "host" (needed for parameter "host"); outside Kubernetes scalerkit reads configMap "settings" key "host" from the environment variable SETTINGS_HOST: set it',
    ],
  ])('%s', (input, expected) => {
    expect(tidyMessage(input)).toBe(expected);
    expect(terminalMessage(new ScalerError(input))).toBe(expected);
  });

  it('says which package to install, or that none provides the type, instead of how to register it', () => {
    expect(
      terminalMessage(
        new UnknownTriggerTypeError(
          "registry: ... install it and import '@scalerkit/kafka/register'",
          'kafka',
          '@scalerkit/kafka',
        ),
      ),
    ).toBe(
      'trigger type "kafka" is provided by @scalerkit/kafka, which is not installed here (npm install @scalerkit/kafka)',
    );
    expect(terminalMessage(new UnknownTriggerTypeError('registry: none', 'redis'))).toBe(
      'no scalerkit package provides trigger type "redis"',
    );
  });
});

describe('withoutRepeatedErrors', () => {
  const line =
    '1 → 1 (TriggerErrorHoldsScaleIn); errors: 0: broker down; s0-q (0) invalid: broker down; HPA kept the count';
  it('keeps the first quote of an error and refers to it afterwards', () => {
    expect(withoutRepeatedErrors(line, ['broker down'])).toBe(
      '1 → 1 (TriggerErrorHoldsScaleIn); errors: 0: broker down; s0-q (0) invalid (same error); HPA kept the count',
    );
  });
  it('refers to every quote when the error was printed just before', () => {
    expect(withoutRepeatedErrors(line, ['broker down', 'broker down'], false)).toBe(
      '1 → 1 (TriggerErrorHoldsScaleIn); errors: 0 (same error); s0-q (0) invalid (same error); HPA kept the count',
    );
  });
  it('leaves a line without the errors as it is', () => {
    expect(withoutRepeatedErrors('1 → 2 (Hpa)', ['x', ''])).toBe('1 → 2 (Hpa)');
  });
});
