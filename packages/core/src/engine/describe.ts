import { describePolicies } from './policies/describe.js';
import type { Decision, MetricExplanation } from './types.js';

function metricLine(m: MetricExplanation): string {
  const head = `${m.metricName} (${m.triggerKey})`;
  if (m.invalid !== undefined) return `${head} invalid: ${m.invalid}`;
  const fb = m.fallback === true ? ' [fallback]' : '';
  const tol = m.withinTolerance === true ? ', within tolerance' : '';
  return `${head} ${m.value} vs ${m.targetType} ${m.target}${fb} → ${m.proposedReplicas}${tol}`;
}

const PHASE_LABEL = { poll: 'poll: ', hpa: 'HPA sync: ' } as const;

/** One human-readable line for a decision (`Decision.toString`); phased decisions name their loop first. */
export function describeDecision(this: Decision): string {
  const e = this.explanation;
  const head = this.phase === undefined ? '' : PHASE_LABEL[this.phase];
  const parts: string[] = [`${head}${this.currentReplicas} → ${this.desiredReplicas} (${this.reason})`];
  // The HPA does not act on activity; say it only where the executor used it.
  if (this.phase !== 'hpa' || e.activity.forced) parts.push(this.isActive ? 'active' : 'inactive');
  if (e.activity.forced) parts.push('activation forced');
  if (this.isError) {
    const failed = e.triggers.filter((t) => t.error !== undefined).map((t) => `${t.key}: ${t.error}`);
    parts.push(`errors: ${failed.join('; ')}`);
  }
  if (this.fallbackActive) parts.push(`fallback to ${e.fallback.replicas} (${e.fallback.behavior})`);
  if (e.activity.composite !== undefined) {
    const c = e.activity.composite;
    parts.push(
      c.error !== undefined
        ? `formula error: ${c.error}`
        : `formula ${c.formula} = ${c.value} (activation > ${c.activationTarget})`,
    );
  }
  const cd = e.executor.cooldown;
  if (this.reason === 'Cooldown' && cd !== undefined) parts.push(`${cd.period} ends in ${cd.remainingMs} ms`);
  const h = e.hpa;
  if (h.branch === 'metrics') {
    if (h.metrics.length > 0) parts.push(h.metrics.map(metricLine).join(', '));
    if (h.aborted === true) parts.push('HPA kept the count (invalid metrics)');
    else {
      if (h.stabilizedReplicas !== undefined && h.stabilizedReplicas !== h.proposedReplicas) {
        parts.push(`stabilized ${h.proposedReplicas} → ${h.stabilizedReplicas} (${h.stabilizationReason})`);
      }
      if (h.limitReason !== undefined && h.limitReason !== 'DesiredWithinRange') {
        parts.push(`limited by ${h.limitReason} to ${e.policies?.hpaReplicas ?? h.desiredReplicas}`);
      }
    }
  } else if (h.branch === 'disabled' && this.phase === 'hpa') parts.push('HPA disabled at 0 replicas');
  else if (h.branch === 'aboveMaximum') parts.push(`above maxReplicaCount ${h.maxReplicas}`);
  else if (h.branch === 'belowMinimum') parts.push(`below minReplicaCount ${h.minReplicas}`);
  if (e.policies !== undefined) parts.push(...describePolicies(e.policies, this.now));
  if (e.clock !== undefined) {
    parts.push(`now went back ${e.clock.usedNow - e.clock.requestedNow} ms: decided at the latest time seen`);
  }
  return parts.join('; ');
}
