import type { PolicyExplanation } from './types.js';

function seconds(value: number): string {
  return `${Math.round(value * 10) / 10} s`;
}

/** The parts of a decision's one-line description that scalerkit's policies add (`Decision.toString`). */
export function describePolicies(p: PolicyExplanation, now: number): string[] {
  const parts: string[] = [];
  for (const t of p.triggerErrors ?? []) {
    parts.push(
      t.policy === 'hold'
        ? `trigger ${t.triggerKey} failed (${t.error}): count held (error policy hold)`
        : `trigger ${t.triggerKey} failed (${t.error}): ignored (error policy ignore)`,
    );
  }
  for (const q of p.queueTime ?? []) {
    if (q.serviceRatePerReplica === undefined) {
      parts.push(
        `queue time ${q.triggerKey}: backlog ${q.backlog}, service rate still learning (trigger's own target)`,
      );
      continue;
    }
    const rate = Math.round(q.serviceRatePerReplica * 1000) / 1000;
    const drain =
      q.estimatedDrainSeconds === undefined ? 'no ready replica' : `drains in ${seconds(q.estimatedDrainSeconds)}`;
    parts.push(
      `queue time ${q.triggerKey}: backlog ${q.backlog} at ${rate}/s per replica (${q.source}) ${drain}, target ${q.targetSeconds} s → ${Math.round((q.itemsPerReplica ?? 0) * 1000) / 1000} per replica`,
    );
  }
  const panic = p.panic;
  if (panic?.panicking === true) {
    const demand =
      panic.panicDemand === undefined
        ? ''
        : ` demand ${panic.panicDemand} = ${panic.demandPercentage}% of ready (threshold ${panic.thresholdPercentage}%)`;
    parts.push(`panic mode:${demand}, no scale-in, up to ${panic.maxPanicReplicas}`);
  }
  const cooldown = p.scaleInCooldown;
  if (cooldown?.blocked === true && cooldown.endsAt !== undefined) {
    parts.push(
      `scale-in cooldown ${cooldown.seconds} s after the scale-up at ${cooldown.lastScaleUpTime} ms: ends in ${cooldown.endsAt - now} ms`,
    );
  }
  return parts;
}
