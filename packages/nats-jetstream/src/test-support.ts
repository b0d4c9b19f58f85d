// Shared test helpers: a recorded monitoring client, builders of /jsz answers, scalers over a fake client.
import { createConnectionCache, type Scaler, ScalerError, silentLogger, type TriggerInput } from '@scalerkit/core';
import type { NatsMonitoringClient } from './nats-jetstream-client.js';
import { createNatsJetStreamScaler, natsJetStreamScaler } from './nats-jetstream-scaler.js';

const created: Scaler[] = [];

/** A scaler for `input` whose monitoring client is `client`; closed by `closeScalers`. */
export function fakeScaler(client: NatsMonitoringClient, input: TriggerInput, timeoutMs = 2000): Scaler {
  const scaler = createNatsJetStreamScaler(
    natsJetStreamScaler.parse(input),
    { logger: silentLogger, signal: new AbortController().signal, connections: createConnectionCache(), timeoutMs },
    { createClient: () => client },
  );
  created.push(scaler);
  return scaler;
}

/** Closes every scaler `fakeScaler` made (call in afterEach). */
export async function closeScalers(): Promise<void> {
  for (const scaler of created.splice(0)) await scaler.close();
}

/** One poll as a value: `{ value, isActive }`, or `{ error: '<code>: <message>' }`. */
export async function outcome(scaler: Scaler): Promise<{ value: number; isActive: boolean } | { error: string }> {
  try {
    const { metrics, isActive } = await scaler.getMetricsAndActivity(scaler.getMetricSpecs()[0]!.metricName);
    return { value: metrics[0]!.value, isActive };
  } catch (error) {
    return { error: ScalerError.isInstance(error) ? `${error.code}: ${error.message}` : String(error) };
  }
}

/** What a fake URL answers: a JSON body, a body with a status, or a thrown error. */
export type FakeAnswer = unknown | { status: number; body: unknown } | Error;

/** A `NatsMonitoringClient` answering from a table keyed by URL (unknown URLs: ENOTFOUND), recording each GET. */
export function fakeMonitoring(routes: Record<string, FakeAnswer | (() => FakeAnswer)>) {
  const requests: string[] = [];
  const client: NatsMonitoringClient = {
    async get(url) {
      requests.push(url);
      const route = routes[url];
      const answer = typeof route === 'function' ? (route as () => FakeAnswer)() : route;
      if (answer === undefined) {
        throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${new URL(url).hostname}`), { code: 'ENOTFOUND' });
      }
      if (answer instanceof Error) throw answer;
      if (typeof answer === 'object' && answer !== null && 'status' in answer && 'body' in answer) {
        return answer as { status: number; body: unknown };
      }
      return { status: 200, body: answer };
    },
  };
  return { client, requests, routes };
}

export interface ConsumerFields {
  name?: string;
  num_pending?: number;
  num_ack_pending?: number;
  leader?: string;
}

/** A /jsz answer with one account holding one stream with the given consumers. */
export function jsz(options: {
  account?: string;
  id?: string;
  stream?: string;
  consumers?: ConsumerFields[];
  clusterSize?: number;
  lastSeq?: number;
}) {
  return {
    server_id: 'NTEST',
    ...(options.clusterSize === undefined ? {} : { meta_cluster: { name: 'c', cluster_size: options.clusterSize } }),
    account_details: [
      {
        name: options.account ?? '$G',
        id: options.id ?? options.account ?? '$G',
        stream_detail: [
          {
            name: options.stream ?? 'mystream',
            state: { messages: 0, last_seq: options.lastSeq ?? 0 },
            consumer_detail: (options.consumers ?? []).map(({ leader, ...consumer }) => ({
              stream_name: options.stream ?? 'mystream',
              ...consumer,
              ...(leader === undefined ? {} : { cluster: { name: 'c', leader } }),
            })),
          },
        ],
      },
    ],
  };
}
