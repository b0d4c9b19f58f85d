// Shared set-up of the rabbitmq tests: a scaler context, one poll, and a management API stub.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createConnectionCache, type Scaler, type ScalerContext, silentLogger } from '@scalerkit/core';

/** A fresh context: its own connection cache, the given poll timeout. */
export function testContext(timeoutMs = 2000): ScalerContext {
  return {
    logger: silentLogger,
    signal: new AbortController().signal,
    connections: createConnectionCache(),
    timeoutMs,
  };
}

/** One poll of the scaler's only metric: the reported value and activity. */
export async function pollOnce(scaler: Scaler): Promise<{ value: number; isActive: boolean }> {
  const [spec] = scaler.getMetricSpecs();
  const { metrics, isActive } = await scaler.getMetricsAndActivity(spec!.metricName);
  return { value: metrics[0]!.value, isActive };
}

/** What the stub saw of one request. */
export interface StubRequest {
  url: string;
  headers: IncomingHttpHeaders;
}

/** A loopback HTTP server answering every request with one canned status and body. */
export interface ManagementStub {
  url: string;
  requests: StubRequest[];
  answer(status: number, body: string): void;
  close(): Promise<void>;
}

/** Starts a management API stub on 127.0.0.1 (a random port). */
export async function startManagementStub(status = 200, body = '{}'): Promise<ManagementStub> {
  let reply = { status, body };
  const requests: StubRequest[] = [];
  const server: Server = createServer((request, response) => {
    requests.push({ url: request.url ?? '', headers: request.headers });
    response.writeHead(reply.status, { 'content-type': 'application/json' });
    response.end(reply.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    answer(nextStatus, nextBody) {
      reply = { status: nextStatus, body: nextBody };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
