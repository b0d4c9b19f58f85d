// One source, as a user would run it: a backlog in the real service, a ScaledObject with its trigger, the
// autoscaler on an in-memory target until its first decision, then everything stopped and deleted.
import {
  type Autoscaler,
  type AutoscalerEvents,
  createAutoscaler,
  InMemoryScaleTarget,
  parseScaledObject,
} from '@scalerkit/core';
import type { QueueSource } from './source.js';

/** What one source gave. */
export interface SourceOutcome {
  /** `rabbitmq: backlog 12, target 5 per replica -> 3 replicas`. */
  line: string;
  /** The decision's explanation (`Decision.toString()`) and any error the autoscaler reported. */
  details: string[];
  /** The scaler read the backlog and the target went to ceil(backlog / target). */
  ok: boolean;
}

/** How long the first decision may take: the first poll runs at once and is bounded by `pollTimeoutMs`. */
const DECISION_DEADLINE_MS = 15_000;

/**
 * The ScaledObject of every source. The target starts at 1 replica and the autoscaler runs in merged mode
 * (`hpaSyncPeriodMs: 0`, KEDA's scale loop and the HPA in one decision per poll), so the first decision is the
 * HPA's: ceil(backlog / target) replicas. From 0 replicas, KEDA first activates to 1 and the HPA scales
 * further at its next sync.
 */
function scaledObjectYaml(triggerYaml: string): string {
  return `
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata: { name: orders-worker }
spec:
  scaleTargetRef: { name: orders-worker }
  pollingInterval: 5
  minReplicaCount: 0
  maxReplicaCount: 10
  triggers:${triggerYaml}
`;
}

/** The next `event` of the autoscaler, or a rejection after `timeoutMs`. */
function nextEvent<K extends keyof AutoscalerEvents>(
  autoscaler: Autoscaler,
  event: K,
  timeoutMs: number,
): Promise<AutoscalerEvents[K]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stopListening();
      reject(new Error(`no ${event} event within ${timeoutMs} ms`));
    }, timeoutMs);
    const stopListening = autoscaler.on(event, (payload) => {
      clearTimeout(timer);
      stopListening();
      resolve(payload);
    });
  });
}

export async function runSource(source: QueueSource): Promise<SourceOutcome> {
  const expected = Math.ceil(source.backlog / source.targetPerReplica);
  const prepared = await source.prepare();
  const target = new InMemoryScaleTarget({ replicas: 1 });
  let autoscaler: Autoscaler | undefined;
  try {
    autoscaler = createAutoscaler({
      scaledObject: parseScaledObject(scaledObjectYaml(prepared.triggerYaml)),
      target,
      resolvedEnv: prepared.resolvedEnv,
      authentication: prepared.authentication,
      hpaSyncPeriodMs: 0,
      pollTimeoutMs: 5000,
    });
    const errors: string[] = [];
    autoscaler.on('error', ({ phase, error }) => errors.push(`${phase} error: ${error.message}`));
    const firstDecision = nextEvent(autoscaler, 'decision', DECISION_DEADLINE_MS);
    const firstScale = nextEvent(autoscaler, 'scale', DECISION_DEADLINE_MS);
    firstScale.catch(() => undefined); // awaited only when the decision changes the count
    await autoscaler.start();
    const { decision } = await firstDecision;
    if (decision.desiredReplicas !== decision.currentReplicas) await firstScale;

    const metric = decision.explanation.hpa.metrics[0];
    const measured = metric?.value;
    const ok = measured === source.backlog && target.replicas === expected && !decision.isError;
    const shortfall = ok ? '' : ` (expected backlog ${source.backlog} -> ${expected} replicas)`;
    return {
      line: `${source.type}: backlog ${measured ?? 'unknown'}, target ${source.targetPerReplica} per replica -> ${target.replicas} replicas${shortfall}`,
      details: [String(decision), ...errors],
      ok,
    };
  } finally {
    await autoscaler?.stop();
    await prepared.cleanup();
  }
}
