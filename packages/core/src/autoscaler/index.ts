// Public API of this area; re-exported by ../index.ts.
export type { ScalerRuntime, ScalerRuntimeOptions } from './scaler-runtime.js';
export { createScalerRuntime, wrapScaler } from './scaler-runtime.js';
export type { Listener } from './typed-emitter.js';
export { TypedEmitter } from './typed-emitter.js';
