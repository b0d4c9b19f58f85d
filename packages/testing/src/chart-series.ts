import type { MetricTargetType } from '@scalerkit/core';
import type { SimulationResult, SimulationStep } from './simulation-types.js';

/** What the metric of each trigger type counts, for axis titles (KEDA's scalers: `pkg/scalers/<type>_scaler.go`). */
const metricUnits: Record<string, string> = {
  kafka: 'consumer lag, messages',
  'apache-kafka': 'consumer lag, messages',
  rabbitmq: 'messages',
  'aws-sqs-queue': 'messages',
  'azure-servicebus': 'messages',
  'azure-queue': 'messages',
  'nats-jetstream': 'consumer lag, messages',
  redis: 'list items',
  prometheus: 'query value',
  scripted: 'value',
};

/** The unit of a trigger type's metric (`value` when unknown). */
export function metricUnit(triggerType: string): string {
  return metricUnits[triggerType] ?? 'value';
}

/** One metric a chart draws against its target (a trigger's, or the `scalingModifiers` composite). */
export interface ChartMetric {
  key: string;
  /** The HPA metric name (`s0-rabbitmq`, `composite-metric`). */
  metricName: string;
  unit: string;
  targetType: MetricTargetType;
  targetValue: number;
  /** True for the `scalingModifiers` composite (the only metric the HPA sees then). */
  composite: boolean;
  /** The formula, for the composite. */
  formula?: string;
  value(step: SimulationStep): number | undefined;
}

interface CompositeShape {
  activity?: { composite?: { value?: number; formula?: string } };
  hpa?: { metrics?: { triggerKey?: string; target?: number; targetType?: MetricTargetType }[] };
}

/** The composite of a step's decision, when the engine evaluated a `scalingModifiers` formula. */
function compositeOf(step: SimulationStep): CompositeShape['activity'] {
  const explanation = step.decision.explanation as CompositeShape | undefined;
  return typeof explanation === 'object' && explanation !== null ? explanation.activity : undefined;
}

/**
 * The metrics to draw: each trigger's metric against its target, or, with `scalingModifiers`, the composite
 * metric against the formula's target (KEDA hands the HPA only the composite: `pkg/scaling/scale_handler.go`,
 * `getScaledObjectMetrics` with `scalingModifiers`, v2.21.0).
 */
export function chartMetrics(result: SimulationResult): ChartMetric[] {
  const modifiers = result.scalingModifiers ?? findComposite(result);
  if (modifiers !== undefined) {
    return [
      {
        key: 'composite-metric',
        metricName: 'composite-metric',
        unit: `formula ${modifiers.formula}`,
        targetType: modifiers.targetType,
        targetValue: modifiers.target,
        composite: true,
        formula: modifiers.formula,
        value: (step) => compositeOf(step)?.composite?.value,
      },
    ];
  }
  return result.triggers.map((trigger) => ({
    key: trigger.key,
    metricName: trigger.metricName,
    unit: metricUnit(trigger.type),
    targetType: trigger.targetType,
    targetValue: trigger.targetValue,
    composite: false,
    value: (step: SimulationStep) => step.metrics[trigger.key],
  }));
}

/** Results built without `scalingModifiers` settings: the composite as the engine's explanations show it. */
function findComposite(
  result: SimulationResult,
): { formula: string; target: number; targetType: MetricTargetType } | undefined {
  for (const step of result.steps) {
    const explanation = step.decision.explanation as CompositeShape | undefined;
    if (typeof explanation !== 'object' || explanation === null) return undefined;
    const formula = explanation.activity?.composite?.formula;
    if (formula === undefined) return undefined;
    const metric = explanation.hpa?.metrics?.find((m) => m.triggerKey === 'composite-metric');
    if (metric?.target !== undefined) {
      return { formula, target: metric.target, targetType: metric.targetType ?? 'AverageValue' };
    }
  }
  return undefined;
}

/** The level the HPA aims the metric at: the target, times the replicas for an `AverageValue` target. */
export function targetLevel(metric: Pick<ChartMetric, 'targetType' | 'targetValue'>, replicas: number): number {
  return metric.targetType === 'AverageValue' ? metric.targetValue * replicas : metric.targetValue;
}

/** The axis title of the metric axis: the metric's name and unit (one metric), or the units (several). */
export function metricAxisTitle(metrics: readonly ChartMetric[]): string {
  if (metrics.length === 0) return 'metric';
  if (metrics.length === 1) return `${metrics[0]!.metricName} (${metrics[0]!.unit})`;
  const units = [...new Set(metrics.map((m) => m.unit))];
  return units.length === 1 ? `metrics (${units[0]})` : `metrics (${units.join(' / ')})`;
}
