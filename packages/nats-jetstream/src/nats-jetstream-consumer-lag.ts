// One trigger's view of its consumer, as KEDA keeps it (KEDA v2.21.0 pkg/scalers/nats_jetstream_scaler.go:
// getNATSJetstreamMonitoringData, setNATSJetStreamMonitoringData, invalidateNATSJetStreamCachedMonitoringData,
// getMaxMsgLag): the consumer's leader and its monitoring URL are cached, and a clustered server is searched
// for the leader again whenever the leader changes.
import { ScalerError } from '@scalerkit/core';
import { describeRequest, type NatsMonitoringClient } from './nats-jetstream-client.js';
import {
  type JszResponse,
  type JszStream,
  MonitoringResponseError,
  readJsz,
  readVarz,
  type VarzResponse,
} from './nats-jetstream-responses.js';
import {
  endpointProblem,
  type MonitoringAddress,
  monitoringUrl,
  nodeJszUrl,
  nodeJszUrlByName,
  varzUrl,
} from './nats-jetstream-urls.js';

/** What the tracker needs from the parsed trigger. */
export interface ConsumerLagTarget {
  account: string | undefined;
  accountID: string;
  stream: string;
  consumer: string;
  useHttps: boolean;
  natsServerMonitoringEndpoint: string;
}

/**
 * Reads the lag of one consumer, `num_pending + num_ack_pending`, from the monitoring endpoint.
 *
 * Standalone server (`meta_cluster.cluster_size` ≤ 1): one GET of `/jsz` per poll. Cluster: the first poll
 * asks the configured server's `/varz` for the nodes (`connect_urls`, or the route URLs when the cluster does
 * not advertise), finds the node that leads the consumer (`server_name` equal to the consumer's
 * `cluster.leader`) and caches its `/jsz` URL; later polls GET that URL only, until it reports another leader
 * or no longer has the consumer.
 *
 * @example
 * const tracker = new ConsumerLagTracker(config);
 * const lag = await tracker.lag(createNatsMonitoringClient({ timeoutMs: 3000 }), signal);
 */
export class ConsumerLagTracker {
  readonly #target: ConsumerLagTarget;
  readonly #address: MonitoringAddress;
  readonly #monitoringUrl: string;
  #consumerLeader = '';
  #leaderUrl = '';
  #clusterSize = 0;
  #stream: JszStream | undefined;
  // Set when this poll's answers held the stream. KEDA keeps the stream of an earlier poll when a standalone
  // server stops reporting it (and goes on reporting its old lag); here that is an error.
  #streamSeen = false;

  constructor(target: ConsumerLagTarget) {
    this.#target = target;
    this.#address = {
      useHttps: target.useHttps,
      endpoint: target.natsServerMonitoringEndpoint,
      accountID: target.accountID,
    };
    this.#monitoringUrl = monitoringUrl(target.useHttps, target.natsServerMonitoringEndpoint, target.accountID);
  }

  /** The URL a poll starts with: KEDA's monitoring URL, `<scheme>://<endpoint>/jsz?acc=...`. */
  get monitoringUrl(): string {
    return this.#monitoringUrl;
  }

  /** The cached `/jsz` URL of the consumer's leader (empty until a clustered poll found it). */
  get leaderUrl(): string {
    return this.#leaderUrl;
  }

  /** One poll: the consumer's lag, or an error when the consumer (or its leader) cannot be found. */
  async lag(client: NatsMonitoringClient, signal: AbortSignal): Promise<number> {
    const problem = endpointProblem(this.#target.natsServerMonitoringEndpoint);
    if (problem !== undefined) {
      throw new ScalerError(
        `nats-jetstream: parameter "natsServerMonitoringEndpoint" ${problem}, got ${JSON.stringify(this.#target.natsServerMonitoringEndpoint)}`,
        { code: 'CONFIG_ERROR' },
      );
    }
    this.#streamSeen = false;
    await this.#refresh(client, signal);
    const { stream, consumer } = this.#target;
    if (this.#stream === undefined || !this.#streamSeen) {
      throw new ScalerError(`nats-jetstream: stream "${stream}" not found in account ${this.#accountLabel()}`, {
        code: 'NOT_FOUND',
      });
    }
    const found = this.#stream.consumers.find((entry) => entry.name === consumer);
    if (found === undefined) {
      throw new ScalerError(`nats-jetstream: consumer "${consumer}" not found in stream "${stream}"`, {
        code: 'NOT_FOUND',
      });
    }
    return found.numPending + found.numAckPending;
  }

  /**
   * Forgets the leader (KEDA rebuilds its scaler after a failed poll, which loses it): the next poll starts
   * from the configured endpoint again, so a leader that went away is searched for anew.
   */
  forget(): void {
    this.#invalidate();
  }

  #accountLabel(): string {
    const { account, accountID } = this.#target;
    return account !== undefined && account !== accountID
      ? `${JSON.stringify(account)} (id ${JSON.stringify(accountID)})`
      : JSON.stringify(accountID);
  }

  async #refresh(client: NatsMonitoringClient, signal: AbortSignal): Promise<void> {
    const cachedLeader = this.#consumerLeader;
    const first = await this.#jsz(client, this.#leaderUrl || this.#monitoringUrl, signal);
    const found = this.#setData(first, '');
    // The cached node no longer has the consumer: forget it.
    if (cachedLeader !== '' && !found) this.#invalidate();
    // Same leader as last time: this was the leader's own answer.
    if (found && cachedLeader !== '' && cachedLeader === this.#consumerLeader) return;
    if (this.#clusterSize <= 1) return;

    const server = await this.#varz(client, varzUrl(this.#address), signal);
    const advertised = server.connectUrls.length > 0;
    for (const clusterUrl of advertised ? server.connectUrls : server.clusterUrls) {
      let node: string;
      let nodeUrl: string;
      if (advertised) {
        // `nats-1.nats.svc:4222` -> `nats-1.nats.svc`, asked on the configured monitoring port.
        const hostname = clusterUrl.split(':')[0] ?? '';
        node = (await this.#varz(client, varzUrl(this.#address, hostname), signal)).serverName;
        nodeUrl = nodeJszUrl(this.#address, hostname);
      } else {
        // A route `nats-1.nats-headless.ns.svc:6222` names the pod `nats-1`, reached as `nats-1.<endpoint>`.
        node = clusterUrl.split('.')[0] ?? '';
        nodeUrl = nodeJszUrlByName(this.#address, node);
      }
      const answer = await this.#jsz(client, nodeUrl, signal);
      if (this.#consumersIn(answer).some((consumer) => consumer.leader === node)) {
        this.#setData(answer, nodeUrl);
        return;
      }
    }
    throw new ScalerError(`nats-jetstream: leader node not found for consumer ${this.#target.consumer}`, {
      code: 'NOT_FOUND',
    });
  }

  /** KEDA's IsAccount: the account's id equals `accountID`, or its name equals `account`. */
  #isAccount(id: string, name: string): boolean {
    return id === this.#target.accountID || name === (this.#target.account ?? '');
  }

  /** Every entry of the trigger's consumer in an answer (normally one). */
  #consumersIn(answer: JszResponse) {
    return answer.accounts
      .filter((account) => this.#isAccount(account.id, account.name))
      .flatMap((account) => account.streams.filter((stream) => stream.name === this.#target.stream))
      .flatMap((stream) => stream.consumers.filter((consumer) => consumer.name === this.#target.consumer));
  }

  /** KEDA's setNATSJetStreamMonitoringData: keeps the stream and the consumer's leader; true when found. */
  #setData(answer: JszResponse, leaderUrl: string): boolean {
    this.#clusterSize = answer.clusterSize;
    for (const account of answer.accounts) {
      if (!this.#isAccount(account.id, account.name)) continue;
      for (const stream of account.streams) {
        if (stream.name !== this.#target.stream) continue;
        this.#stream = stream;
        this.#streamSeen = true;
        const consumer = stream.consumers.find((entry) => entry.name === this.#target.consumer);
        if (consumer !== undefined) {
          this.#consumerLeader = consumer.leader;
          if (leaderUrl !== '') this.#leaderUrl = leaderUrl;
          return true;
        }
      }
    }
    return false;
  }

  #invalidate(): void {
    this.#consumerLeader = '';
    this.#leaderUrl = '';
    this.#stream = undefined;
  }

  async #jsz(client: NatsMonitoringClient, url: string, signal: AbortSignal): Promise<JszResponse> {
    return read(await client.get(url, signal), url, readJsz);
  }

  async #varz(client: NatsMonitoringClient, url: string, signal: AbortSignal): Promise<VarzResponse> {
    return read(await client.get(url, signal), url, readVarz);
  }
}

/** Reads an answer whatever its status (as KEDA); a body that does not decode is an error naming the request. */
function read<T>(response: { status: number; body: unknown }, url: string, reader: (body: unknown) => T): T {
  try {
    return reader(response.body);
  } catch (error) {
    if (!(error instanceof MonitoringResponseError)) throw error;
    const status = response.status >= 200 && response.status < 300 ? '' : ` (HTTP ${response.status})`;
    throw Object.assign(
      new MonitoringResponseError(`${describeRequest(url)}${status}: ${error.message}`),
      status === '' ? {} : { status: response.status },
    );
  }
}
