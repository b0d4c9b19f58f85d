// Test set-up shared by the autoscaler's and controller's tests (not exported by the package).
import { afterEach, beforeEach, vi } from 'vitest';

/** A ScaledObject manifest; times in seconds as in YAML. Triggers get `metadata: {}` unless they give their own. */
export function manifest(
  spec: Record<string, unknown> = {},
  triggers: Record<string, unknown>[] = [{ type: 'scripted' }],
) {
  return {
    apiVersion: 'keda.sh/v1alpha1',
    kind: 'ScaledObject',
    metadata: { name: 'orders', namespace: 'shop' },
    spec: {
      scaleTargetRef: { name: 'worker' },
      pollingInterval: 10,
      cooldownPeriod: 60,
      minReplicaCount: 0,
      maxReplicaCount: 10,
      triggers: triggers.map((trigger) => ({ metadata: {}, ...trigger })),
      ...spec,
    },
  };
}

/**
 * Records the process's unhandled rejections during each test of the file that calls it (at its top level):
 * the returned mock is cleared before each test.
 */
export function watchUnhandledRejections() {
  const unhandled = vi.fn<(reason: unknown) => void>();
  beforeEach(() => {
    unhandled.mockClear();
    process.on('unhandledRejection', unhandled);
  });
  afterEach(() => {
    process.off('unhandledRejection', unhandled);
  });
  return unhandled;
}
