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

/** The engine decided (after a poll, or at once after a push activation). */
export interface DecisionEvent {
  at: number;
  decision: Decision;
  currentReplicas: number;
  readyReplicas: number | undefined;
  cause: 'poll' | 'push';
}

/** The target was asked to change and accepted. */
export interface AutoscalerScaleEvent {
  at: number;
  from: number;
  to: number;
  decision: Decision;
}

/** Where an autoscaler error happened. */
export type AutoscalerErrorPhase = 'build' | 'poll' | 'getReplicas' | 'decide' | 'setReplicas' | 'push' | 'close';

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
  decision: DecisionEvent;
  scale: AutoscalerScaleEvent;
  error: AutoscalerErrorEvent;
  scalerEvent: ScalerNoticeEvent;
}
