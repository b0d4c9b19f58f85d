// Public API of this area; re-exported by ../index.ts.
export { createScalingEngine } from './engine.js';
export { triggerKeyOf } from './model.js';
export type * from './types.js';
