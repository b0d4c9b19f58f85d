export type { LiveMetric, LivePoint, LiveScaleEvent, LiveStatus } from './live-rows.js';
export type { AutoscalerLike, LiveView, LiveViewOptions } from './live-view.js';
export { createLiveView } from './live-view.js';
export { parseUiAddress } from './ui-address.js';
