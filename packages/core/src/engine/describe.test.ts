import { expect, it } from 'vitest';
import { createScalingEngine } from './engine.js';
import { makeScaledObject } from './test-factory.js';

it('describes a decision in one line', () => {
  const engine = createScalingEngine(makeScaledObject({ triggers: [{ name: 'orders' }] }), {
    metricSpecs: { orders: [{ metricName: 's0-rabbitmq-orders', targetType: 'AverageValue', targetValue: 20 }] },
  });
  const d = engine.decide({
    now: 0,
    currentReplicas: 2,
    triggers: { orders: { isActive: true, metrics: [{ metricName: 's0-rabbitmq-orders', value: 100 }] } },
  });
  expect(String(d)).toBe(
    '2 → 4 (Hpa); active; s0-rabbitmq-orders (orders) 100 vs AverageValue 20 → 5; limited by ScaleUpLimit to 4',
  );
  expect(JSON.parse(JSON.stringify(d)).desiredReplicas).toBe(4);
});
