import { defaultBehavior } from './behavior-defaults.js';
import { requireNumber } from './quantity.js';
import type { DefaultedScalingRules, RecordScaleEventInput, RecordScaleEventResult, ScaleEvent } from './types.js';

/** Longest `periodSeconds` over the rules' policies (0 without policies). */
export function longestPeriodSeconds(rules: DefaultedScalingRules): number {
  let longest = 0;
  for (const p of rules.policies) if (p.periodSeconds > longest) longest = p.periodSeconds;
  return longest;
}

/**
 * `storeScaleEvent` on a list it owns (modified in place): marks events older than the longest period
 * as outdated (flags stay set) and overwrites only the LAST outdated slot, or appends.
 */
export function storeScaleEventInPlace(list: ScaleEvent[], now: number, change: number, longestPeriodMs: number): void {
  const cutoff = now - longestPeriodMs;
  let slot = -1;
  for (let i = 0; i < list.length; i++) {
    const e = list[i] as ScaleEvent;
    if (e.timestamp < cutoff) e.outdated = true;
    if (e.outdated === true) slot = i;
  }
  if (slot >= 0) {
    const e = list[slot] as ScaleEvent;
    e.replicaChange = change;
    e.timestamp = now;
    e.outdated = false;
  } else {
    list.push({ timestamp: now, replicaChange: change, outdated: false });
  }
}

/**
 * Records an applied rescale the way the HPA's `storeScaleEvent` does, returning new lists (inputs are not
 * modified). Without `behavior` nothing is recorded (HPAs without behavior keep no events). A rise goes
 * to `scaleUpEvents` (change `new - previous`), anything else to `scaleDownEvents` (`previous - new`).
 *
 * @example
 * const events = hpa.recordScaleEvent({ now, behavior: {}, previousReplicas: 4, newReplicas: 8,
 *   scaleUpEvents: [], scaleDownEvents: [] });
 * // events.scaleUpEvents → [{ timestamp: now, replicaChange: 4, outdated: false }]
 */
export function recordScaleEvent(input: RecordScaleEventInput): RecordScaleEventResult {
  const fn = 'hpa.recordScaleEvent';
  const now = requireNumber(fn, 'now', input.now);
  const previous = requireNumber(fn, 'previousReplicas', input.previousReplicas);
  const next = requireNumber(fn, 'newReplicas', input.newReplicas);
  // A Go nil slice arrives as null (or is left out): no events yet.
  const copy = (list: readonly ScaleEvent[]) => list.map((e) => ({ ...e, outdated: e.outdated ?? false }));
  const scaleUpEvents = copy(input.scaleUpEvents ?? []);
  const scaleDownEvents = copy(input.scaleDownEvents ?? []);
  if (input.behavior === undefined || input.behavior === null) return { scaleUpEvents, scaleDownEvents };
  if (next > previous) {
    const longest = longestPeriodSeconds(defaultBehavior(input.behavior.scaleUp, 'scaleUp'));
    storeScaleEventInPlace(scaleUpEvents, now, next - previous, longest * 1000);
  } else {
    const longest = longestPeriodSeconds(defaultBehavior(input.behavior.scaleDown, 'scaleDown'));
    storeScaleEventInPlace(scaleDownEvents, now, previous - next, longest * 1000);
  }
  return { scaleUpEvents, scaleDownEvents };
}
