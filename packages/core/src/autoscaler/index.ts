// Public API of this area; re-exported by ../index.ts.
export type { Autoscaler, AutoscalerOptions, AutoscalerState } from './autoscaler.js';
export {
  asyncDisposeSymbol,
  createAutoscaler,
  DEFAULT_MAX_POLL_TIMEOUT_MS,
  DEFAULT_TARGET_TIMEOUT_MS,
} from './autoscaler.js';
export type { Controller, ControllerAddOptions, ControllerEvents, ControllerOptions } from './controller.js';
export { createController } from './controller.js';
export type {
  AutoscalerErrorEvent,
  AutoscalerErrorPhase,
  AutoscalerEvents,
  AutoscalerScaleEvent,
  DecisionCause,
  DecisionEvent,
  HpaSyncEvent,
  PollEvent,
  ScalerNoticeEvent,
} from './events.js';
export type { AutoscalerLoopName, CadenceLoop } from './loop-schedule.js';
export { autoscalerLoops, DEFAULT_HPA_SYNC_PERIOD_MS, LoopCadence } from './loop-schedule.js';
export { DEFAULT_HISTORY_LIMIT, RecentEntries } from './recent-entries.js';
export type {
  InMemoryScaleTargetOptions,
  ScaleChange,
  ScaleTarget,
  ScaleTargetCallOptions,
} from './scale-target.js';
export { InMemoryScaleTarget } from './scale-target.js';
export type { ScalerRuntime, ScalerRuntimeOptions } from './scaler-runtime.js';
export { createScalerRuntime, wrapScaler } from './scaler-runtime.js';
export type { Listener } from './typed-emitter.js';
export { TypedEmitter } from './typed-emitter.js';
