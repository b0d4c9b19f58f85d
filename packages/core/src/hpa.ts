// `@scalerkit/core/hpa`: everything this area exports, including what the root entry leaves out.
export * from './hpa/index.js';
