import { expect, it } from 'vitest';
import { ScaledObjectValidationError } from '../errors.js';
import { parseScaledObject } from './scaled-object.js';

/** Test helper: runs `fn`, expecting a ScaledObjectValidationError, and returns it. */
export function catchError(fn: () => unknown): ScaledObjectValidationError {
  try {
    fn();
  } catch (error) {
    if (ScaledObjectValidationError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected a ScaledObjectValidationError');
}

// biome-ignore lint/suspicious/noExplicitAny: test fixtures are mutated freely
export type Manifest = Record<string, any>;

/** A valid ScaledObject manifest that each invalid-table row breaks in one way. */
export function base(): Manifest {
  return {
    apiVersion: 'keda.sh/v1alpha1',
    kind: 'ScaledObject',
    metadata: { name: 'orders', namespace: 'shop' },
    spec: {
      scaleTargetRef: { name: 'orders-consumer' },
      triggers: [
        {
          type: 'kafka',
          metadata: { bootstrapServers: 'kafka:9092', consumerGroup: 'orders', topic: 'orders', lagThreshold: '10' },
        },
      ],
    },
  };
}

export const cpu = { type: 'cpu', metricType: 'Utilization', metadata: { value: '60' } };
export const behaviorPath = 'spec.advanced.horizontalPodAutoscalerConfig.behavior';
export const withBehavior = (scaleDown: unknown) => (m: Manifest) => {
  m.spec.advanced = { horizontalPodAutoscalerConfig: { behavior: { scaleDown } } };
};
export const policy = (overrides: Record<string, unknown>) => ({
  type: 'Pods',
  value: 1,
  periodSeconds: 60,
  ...overrides,
});

export interface Row {
  rule: string;
  mutate: (manifest: Manifest) => void;
  /** Expected issues: [path, message or a part of it]. */
  issues: [string, string][];
}

/** One test per row: the manifest `base()` mutated by the row must fail with exactly the row's issues. */
export function refuseRows(rows: readonly Row[]): void {
  for (const row of rows) {
    it(`refuses: ${row.rule}`, () => {
      const manifest = base();
      row.mutate(manifest);
      const error = catchError(() => parseScaledObject(manifest));
      expect(error.issues.map((issue) => issue.path)).toEqual(row.issues.map(([path]) => path));
      row.issues.forEach(([, message], index) => {
        expect(error.issues[index]?.message).toContain(message);
      });
      expect(error.code).toBe('VALIDATION_ERROR');
      expect(error.message.startsWith('invalid ScaledObject: ')).toBe(true);
    });
  }
}
