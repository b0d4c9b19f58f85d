// The two calls a rabbitmq poll makes, as small ports, and their adapters: a passive queue declare over AMQP
// (amqplib) and one GET of the management API (the kit's getJson).
import { Agent as HttpAgent, STATUS_CODES } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { ScalerError } from '@scalerkit/core';
import {
  type ClientCredentialsTokenSource,
  getJson,
  redactSecrets,
  type TlsConnectionOptions,
  untilAborted,
} from '@scalerkit/core/scaler-kit';
import type { AmqpAddress } from './rabbitmq-url.js';

/** AMQP: what the scaler asks the broker. Implement it to plug in another AMQP client. */
export interface RabbitMqAmqpClient {
  /** Ready messages of `queue` (one `queue.declare` with `passive`); rejects when the queue does not exist. */
  readyMessages(queue: string, signal: AbortSignal): Promise<number>;
  close(): Promise<void>;
}

/** Management API: one GET, answering the parsed JSON body of a 200 response (any other status rejects). */
export interface RabbitMqManagementClient {
  getQueues(url: string, signal: AbortSignal): Promise<unknown>;
  close(): Promise<void>;
}

/** The subset of amqplib's promise API the AMQP adapter uses (`ChannelModel` and `Channel`). */
export interface AmqplibConnectionLike {
  createChannel(): Promise<AmqplibChannelLike>;
  close(): Promise<void>;
  on(event: 'error' | 'close', listener: (error?: Error) => void): unknown;
}
export interface AmqplibChannelLike {
  checkQueue(queue: string): Promise<{ messageCount: number }>;
  close(): Promise<void>;
  on(event: 'error' | 'close', listener: (error?: Error) => void): unknown;
}

/** How to open an AMQP connection (amqplib `connect(url, socketOptions)`). */
export interface AmqpConnectOptions {
  address: AmqpAddress;
  /** TLS settings for amqps (ignored for amqp, as amqp091-go does). */
  tls: TlsConnectionOptions | undefined;
  /** SASL EXTERNAL (client certificate) instead of PLAIN. */
  external: boolean;
  /** Client property `connection_name`. */
  connectionName: string;
  /** Bounds the TCP/TLS connect and the AMQP handshake. */
  timeoutMs: number;
}

/** Opens an amqplib connection; replace to inject another client. */
export type AmqpConnector = (options: AmqpConnectOptions) => Promise<AmqplibConnectionLike>;

/** amqplib's `connect`, with KEDA's settings (amqp091-go's 10 s heartbeat, the connection name). */
export const connectAmqplib: AmqpConnector = async (options) => {
  const amqplib = await import('amqplib');
  const { address } = options;
  const socketOptions: Record<string, unknown> = {
    timeout: options.timeoutMs,
    clientProperties: { connection_name: options.connectionName },
  };
  if (address.protocol === 'amqps') Object.assign(socketOptions, options.tls ?? { minVersion: 'TLSv1.2' });
  if (options.external) socketOptions.credentials = amqplib.credentials.external();
  return amqplib.connect(
    {
      protocol: address.protocol,
      hostname: address.hostname,
      port: address.port,
      username: address.username,
      password: address.password,
      // amqplib unescapes the vhost it is given; amqp091's vhost is already decoded.
      vhost: encodeURIComponent(address.vhost),
      heartbeat: 10,
    },
    socketOptions,
  ) as unknown as Promise<AmqplibConnectionLike>;
};

/**
 * A shared AMQP connection for every trigger with the same address and credentials. One channel per queue name
 * (a missing queue closes only its own channel, as the broker answers 404 by closing it); channels and the
 * connection are reopened on the next call after the broker or the network closed them.
 */
export class AmqplibRabbitMqClient implements RabbitMqAmqpClient {
  readonly #connect: () => Promise<AmqplibConnectionLike>;
  #connection: Promise<AmqplibConnectionLike> | undefined;
  readonly #channels = new Map<string, Promise<AmqplibChannelLike>>();
  #closed = false;

  private constructor(connect: () => Promise<AmqplibConnectionLike>) {
    this.#connect = connect;
  }

  /** Connects now (so that a bad address or refused login fails the first poll) and returns the client. */
  static async open(options: AmqpConnectOptions, connector: AmqpConnector = connectAmqplib) {
    const client = new AmqplibRabbitMqClient(() => connector(options));
    await client.#connectionNow();
    return client;
  }

  async readyMessages(queue: string, signal: AbortSignal): Promise<number> {
    const channel = await untilAborted(this.#channel(queue), signal);
    const reply = await untilAborted(channel.checkQueue(queue), signal);
    return reply.messageCount;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const connection = this.#connection;
    this.#connection = undefined;
    this.#channels.clear();
    const open = await connection?.catch(() => undefined);
    // Closing the connection closes its channels; a connection the broker already closed rejects here.
    await open?.close().catch(() => undefined);
  }

  #connectionNow(): Promise<AmqplibConnectionLike> {
    if (this.#closed) return Promise.reject(new ScalerError('rabbitmq: the AMQP client is closed', { code: 'CLOSED' }));
    if (!this.#connection) {
      const opening = this.#connect().then((connection) => {
        const forget = () => {
          if (this.#connection === opening) {
            this.#connection = undefined;
            this.#channels.clear();
          }
        };
        // Without an 'error' listener a broker-side close would crash the process.
        connection.on('error', forget);
        connection.on('close', forget);
        if (this.#closed) {
          connection.close().catch(() => undefined);
          throw new ScalerError('rabbitmq: the AMQP client is closed', { code: 'CLOSED' });
        }
        return connection;
      });
      this.#connection = opening;
      opening.catch(() => {
        if (this.#connection === opening) this.#connection = undefined;
      });
    }
    return this.#connection;
  }

  #channel(queue: string): Promise<AmqplibChannelLike> {
    let channel = this.#channels.get(queue);
    if (!channel) {
      const opening = this.#connectionNow().then(async (connection) => {
        const opened = await connection.createChannel();
        const forget = () => {
          if (this.#channels.get(queue) === opening) this.#channels.delete(queue);
        };
        opened.on('error', forget);
        opened.on('close', forget);
        return opened;
      });
      channel = opening;
      this.#channels.set(queue, opening);
      opening.catch(() => {
        if (this.#channels.get(queue) === opening) this.#channels.delete(queue);
      });
    }
    return channel;
  }
}

/** What the management client needs for its requests. */
export interface ManagementClientOptions {
  /** Timeout of one request (KEDA: the trigger's `timeout`, else the global HTTP timeout). */
  timeoutMs: number;
  /** Basic credentials from the host URL or `username`/`password`. */
  credentials: { username: string; password: string } | undefined;
  /** OAuth2 client credentials (`Authorization: Bearer`, instead of Basic). */
  tokens: ClientCredentialsTokenSource | undefined;
  /** For https URLs. */
  tls: TlsConnectionOptions | undefined;
}

const BODY_IN_MESSAGE = 512;

/** The management API over the kit's `getJson`: one GET per call, Basic or Bearer, KEDA's error text. */
export class HttpRabbitMqManagementClient implements RabbitMqManagementClient {
  readonly #options: ManagementClientOptions;
  // Kept-alive connections for this client's requests (KEDA's Go client keeps one too), ended by close().
  readonly #agents = { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true }) };

  constructor(options: ManagementClientOptions) {
    this.#options = options;
  }

  async getQueues(url: string, signal: AbortSignal): Promise<unknown> {
    const { tokens, credentials, tls, timeoutMs } = this.#options;
    const auth = tokens ? { bearer: await tokens.token(signal) } : credentials;
    const agent = url.startsWith('https:') ? this.#agents.https : this.#agents.http;
    const response = await getJson(url, { timeoutMs, signal, auth, tls, agent, scalerType: 'rabbitmq' });
    if (response.status === 200) return response.body;
    if (response.status === 401 && tokens) tokens.invalidate();
    // The body goes into the message, as KEDA's; a server may echo what it was sent.
    const sent = auth && 'bearer' in auth ? [auth.bearer] : [auth?.password];
    const text = redactSecrets(response.text, sent);
    const body = text.length > BODY_IN_MESSAGE ? `${text.slice(0, BODY_IN_MESSAGE)}…` : text;
    const code =
      response.status === 401 || response.status === 403
        ? 'AUTHENTICATION_ERROR'
        : response.status === 404
          ? 'NOT_FOUND'
          : 'METRIC_ERROR';
    throw new ScalerError(
      `error requesting RabbitMQ API status: ${`${response.status} ${STATUS_CODES[response.status] ?? ''}`.trim()}, response: ${body}, from: ${url}`,
      { code },
    );
  }

  async close(): Promise<void> {
    this.#options.tokens?.close();
    this.#agents.http.destroy();
    this.#agents.https.destroy();
  }
}
