export * from './conformance.js';
export * from './fake-clock.js';
export * from './scripted-scalers.js';
export * from './services.js';
export * from './simulate.js';
export * from './svg.js';
export * from './terminal-chart.js';
export * from './workload.js';
