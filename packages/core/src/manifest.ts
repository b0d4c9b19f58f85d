// `@scalerkit/core/manifest`: everything this area exports, including what the root entry leaves out.
export * from './manifest/index.js';
export type * from './manifest/types.js';
