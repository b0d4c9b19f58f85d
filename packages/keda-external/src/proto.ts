// KEDA's external-scaler service and the gRPC health service, loaded at runtime from the .proto files the
// package ships in `proto/` (one directory up from both `src/` and `dist/`, so the sources, the ESM build and
// the CJS build find them at the same relative place).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type GrpcObject, loadPackageDefinition, type ServiceClientConstructor } from '@grpc/grpc-js';
import { loadSync, type Options } from '@grpc/proto-loader';

/** The KEDA release whose `externalscaler.proto` is vendored in `proto/` (and whose client the tests drive). */
export const KEDA_VERSION = 'v2.21.0';

/** The service KEDA calls (`externalscaler.ExternalScaler`). */
export const EXTERNAL_SCALER_SERVICE = 'externalscaler.ExternalScaler';
/** The gRPC health service. */
export const HEALTH_SERVICE = 'grpc.health.v1.Health';

/** proto-loader options: field names as written in the .proto (camelCase there already), int64 as strings. */
export const PROTO_LOADER_OPTIONS: Options = {
  keepCase: true,
  longs: String,
  enums: String,
  defaults: true,
  oneofs: true,
};

/** The directory holding `externalscaler.proto` and `health.proto`. */
export function protoDirectory(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidate = join(here, '..', 'proto');
  if (existsSync(join(candidate, 'externalscaler.proto'))) return candidate;
  throw new Error(
    `keda-external: externalscaler.proto not found in ${candidate}; the package's "proto" directory is missing from the install`,
  );
}

export interface LoadedProtos {
  externalScaler: ServiceClientConstructor;
  health: ServiceClientConstructor;
}

let loaded: LoadedProtos | undefined;

/** The two services' definitions (loaded once per process). Their `.service` goes to `server.addService`. */
export function loadProtos(): LoadedProtos {
  if (loaded) return loaded;
  const directory = protoDirectory();
  const definition = loadSync([join(directory, 'externalscaler.proto'), join(directory, 'health.proto')], {
    ...PROTO_LOADER_OPTIONS,
    includeDirs: [directory],
  });
  const root = loadPackageDefinition(definition);
  const externalscaler = root.externalscaler as GrpcObject;
  const health = ((root.grpc as GrpcObject).health as GrpcObject).v1 as GrpcObject;
  loaded = {
    externalScaler: externalscaler.ExternalScaler as ServiceClientConstructor,
    health: health.Health as ServiceClientConstructor,
  };
  return loaded;
}
