/**
 * The unified scale-in cooldown. Its reference point is the LAST SCALE-UP, not the last time a trigger was
 * active: above zero a queue trigger is active whenever there is any backlog, so a cooldown from the last
 * activity would forbid every N → M scale-in while work is waiting, which is when it matters. Measured from the
 * last scale-up it says "do not remove capacity within `seconds` of adding it", which is what damps the
 * up-down-up churn (as cluster-autoscaler's `scale-down-delay-after-add`). The step to 0 / idle keeps KEDA's
 * `cooldownPeriod` from the last activity (KEDA v2.21 pkg/scaling/executor/scale_scaledobjects.go) and must wait
 * for both.
 */

/** When the cooldown after a scale-up at `lastScaleUpTime` (ms) ends; `undefined` when there was none. */
export function scaleInCooldownEndsAt(lastScaleUpTime: number | undefined, cooldownMs: number): number | undefined {
  return lastScaleUpTime === undefined ? undefined : lastScaleUpTime + cooldownMs;
}

/**
 * Whether a scale-in at `now` is blocked. Blocked up to and including the end, as KEDA's own cooldown scales to
 * zero only once `lastActiveTime + cooldownPeriod` is strictly before now.
 */
export function scaleInBlocked(now: number, lastScaleUpTime: number | undefined, cooldownMs: number): boolean {
  const endsAt = scaleInCooldownEndsAt(lastScaleUpTime, cooldownMs);
  return endsAt !== undefined && now <= endsAt;
}
