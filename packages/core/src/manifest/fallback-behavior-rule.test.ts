// KEDA v2.21.0 apis/keda/v1alpha1/scaledobject_webhook.go verifyScaledObjects: "scalingModifiers fallback behavior
// requires scalingModifiers.formula to be defined" when the object is not using modifiers or has no formula.
import { describe, expect, it } from 'vitest';
import { ScaledObjectValidationError } from '../errors.js';
import { parseScaledObject } from './scaled-object.js';
import { base } from './test-helpers.js';

const withFallback = (advanced?: Record<string, unknown>) => {
  const manifest = base();
  const spec = manifest.spec as Record<string, unknown>;
  spec.fallback = { failureThreshold: 2, replicas: 4, behavior: 'scalingModifiers' };
  spec.triggers = [
    { type: 'rabbitmq', name: 'primary', metadata: { queueName: 'q', mode: 'QueueLength', value: '5' } },
  ];
  if (advanced !== undefined) spec.advanced = advanced;
  return manifest;
};
const issuesOf = (manifest: unknown) => {
  try {
    parseScaledObject(manifest as never);
    return [];
  } catch (error) {
    if (!(error instanceof ScaledObjectValidationError)) throw error;
    return error.issues.map((issue) => [issue.path, issue.message]);
  }
};
const rule = 'scalingModifiers fallback behavior requires scalingModifiers.formula to be defined';

describe('fallback.behavior scalingModifiers (KEDA webhook rule)', () => {
  it('is accepted with a formula, and keeps the behavior', () => {
    const so = parseScaledObject(withFallback({ scalingModifiers: { formula: 'primary ?? 8', target: '2' } }) as never);
    expect(so.spec.fallback?.behavior).toBe('scalingModifiers');
  });

  it('is refused without scalingModifiers, naming fallback.behavior', () => {
    expect(issuesOf(withFallback())).toEqual([['spec.fallback.behavior', rule]]);
  });

  it('is refused with scalingModifiers that have no formula, beside the missing formula itself', () => {
    expect(issuesOf(withFallback({ scalingModifiers: { target: '2' } }))).toEqual([
      ['spec.fallback.behavior', rule],
      ['spec.advanced.scalingModifiers.formula', 'error ScalingModifiers.Formula is mandatory'],
    ]);
  });
});
