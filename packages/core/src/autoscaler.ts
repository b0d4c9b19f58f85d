// `@scalerkit/core/autoscaler`: everything this area exports, including what the root entry leaves out.
export * from './autoscaler/index.js';
