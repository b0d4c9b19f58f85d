// `@scalerkit/core/parameters`: everything this area exports, including what the root entry leaves out.
export * from './parameters/index.js';
