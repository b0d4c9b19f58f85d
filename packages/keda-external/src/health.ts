// grpc.health.v1.Health (https://github.com/grpc/grpc/blob/master/doc/health-checking.md): Check answers the
// status of a service ("" is the server as a whole); Watch sends it at once and again whenever it changes.
import {
  type sendUnaryData,
  type ServerUnaryCall,
  type ServerWritableStream,
  status,
  type UntypedServiceImplementation,
} from '@grpc/grpc-js';

export type ServingStatus = 'SERVING' | 'NOT_SERVING';

interface HealthRequest {
  service: string;
}
interface HealthResponse {
  status: ServingStatus | 'SERVICE_UNKNOWN';
}

/** The statuses the health service reports, and its implementation. */
export class HealthStatus {
  readonly #statuses = new Map<string, ServingStatus>();
  readonly #watchers = new Set<{ service: string; write: (response: HealthResponse) => void; end: () => void }>();

  constructor(services: readonly string[]) {
    for (const service of ['', ...services]) this.#statuses.set(service, 'SERVING');
  }

  /** Sets every service's status (Watch streams get the change). */
  setAll(servingStatus: ServingStatus): void {
    for (const service of this.#statuses.keys()) this.#statuses.set(service, servingStatus);
    for (const watcher of this.#watchers) watcher.write({ status: servingStatus });
  }

  /** Ends every Watch stream (server shutdown). */
  endWatches(): void {
    for (const watcher of [...this.#watchers]) watcher.end();
  }

  implementation(): UntypedServiceImplementation {
    return {
      Check: (call: ServerUnaryCall<HealthRequest, HealthResponse>, callback: sendUnaryData<HealthResponse>) => {
        const current = this.#statuses.get(call.request.service ?? '');
        if (current === undefined) {
          callback({ code: status.NOT_FOUND, details: `health: unknown service "${call.request.service}"` }, null);
          return;
        }
        callback(null, { status: current });
      },
      Watch: (call: ServerWritableStream<HealthRequest, HealthResponse>) => {
        const service = call.request.service ?? '';
        const watcher = {
          service,
          write: (response: HealthResponse) => {
            if (this.#statuses.has(service)) call.write(response);
          },
          end: () => {
            this.#watchers.delete(watcher);
            call.end();
          },
        };
        this.#watchers.add(watcher);
        call.on('cancelled', () => this.#watchers.delete(watcher));
        call.write({ status: this.#statuses.get(service) ?? 'SERVICE_UNKNOWN' });
      },
    };
  }
}
