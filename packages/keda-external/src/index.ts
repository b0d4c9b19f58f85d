/** @scalerkit/keda-external: createExternalScalerServer, KEDA's external-scaler gRPC protocol. */
export { EXTERNAL_SCALER_SERVICE, HEALTH_SERVICE, KEDA_VERSION, loadProtos, protoDirectory } from './proto.js';
export type { AuthParamsSource, ScaledObjectIdentity } from './scaler-cache.js';
export type { ExternalScalerServer, ExternalScalerServerOptions, ExternalScalerServerTls } from './server.js';
export { createExternalScalerServer } from './server.js';
export type { ScaledObjectRef } from './trigger.js';
export { BRIDGE_KEYS, SCALER_TYPE_KEY } from './trigger.js';
