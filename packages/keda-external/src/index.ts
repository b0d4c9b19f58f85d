/** @scalerkit/keda-external: createExternalScalerServer, KEDA's external-scaler gRPC protocol. */
export {};
