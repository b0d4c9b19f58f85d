// `@scalerkit/core/engine`: everything this area exports, including what the root entry leaves out.
export * from './engine/index.js';
