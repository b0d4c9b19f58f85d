import type { Decision, TriggerObservation } from '../engine/index.js';
import type { ScalerError } from '../errors.js';
import type { ScalerEvent } from '../types.js';

/** A poll finished: every trigger's observation (errors included). */
export interface PollEvent {
  /** Clock time when the poll started (ms). */
  at: number;
  /** Clock time when the last trigger answered (ms). */
  finishedAt: number;
  triggers: Record<string, TriggerObservation>;
}

/**
 * An HPA sync fetched the metrics (two-loop mode; not emitted when the HPA fetches nothing: paused, at 0
 * replicas, or outside [min, max]).
 */
export interface HpaSyncEvent {
  /** Clock time when the sync started (ms). */
  at: number;
  /** Clock time when the last trigger answered (ms). */
  finishedAt: number;
  triggers: Record<string, TriggerObservation>;
  /** Triggers served from the last poll's record (`useCachedMetrics`) instead of a query. */
  cachedTriggers: string[];
}

/** What made the autoscaler decide: a poll (KEDA's scale loop), an HPA sync, or a pushed activation. */
export type DecisionCause = 'poll' | 'hpa' | 'push';

/** The engine decided (after a poll or an HPA sync, or at once after a push activation). */
export interface DecisionEvent {
  at: number;
  decision: Decision;
  currentReplicas: number;
  readyReplicas: number | undefined;
  cause: DecisionCause;
}

/** The target was asked to change and accepted. */
export interface AutoscalerScaleEvent {
  at: number;
  from: number;
  to: number;
  decision: Decision;
}

/** Where an autoscaler error happened. */
export type AutoscalerErrorPhase =
  | 'build'
  | 'poll'
  /** A metric query of an HPA sync. */
  | 'hpa'
  | 'getReplicas'
  | 'decide'
  | 'setReplicas'
  | 'push'
  | 'close';

/** Something failed; the loop goes on (except in `build`, which fails `start()`). */
export interface AutoscalerErrorEvent {
  at: number;
  phase: AutoscalerErrorPhase;
  error: ScalerError;
  /** The trigger concerned, when there is one. */
  triggerKey?: string;
}

/** A notice a scaler emitted through `ScalerContext.emit` (KEDA's Kubernetes events). */
export interface ScalerNoticeEvent extends ScalerEvent {
  at: number;
  triggerKey: string;
}

/** Events of an `Autoscaler` and their payloads. */
export interface AutoscalerEvents {
  poll: PollEvent;
  hpaSync: HpaSyncEvent;
  decision: DecisionEvent;
  scale: AutoscalerScaleEvent;
  error: AutoscalerErrorEvent;
  scalerEvent: ScalerNoticeEvent;
}
