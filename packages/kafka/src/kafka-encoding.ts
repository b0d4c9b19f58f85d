// The bodies of the two requests whose size grows with the partition count, ListOffsets and OffsetFetch, written
// into one buffer sized up front. kafkajs 2.x writes them with a zero-filled 512-byte buffer per partition (and
// per topic), which costs more than the rest of a 100-partition poll; the bytes are the same (checked against
// kafkajs's own encoders for every version it speaks, in kafka-encoding.test.ts).

/** One topic's partitions as ListOffsets asks for them. */
export interface ListOffsetsTopic {
  topic: string;
  partitions: readonly { partition: number; timestamp: number }[];
}

/** One topic's partitions as OffsetFetch asks for them. */
export interface OffsetFetchTopic {
  topic: string;
  partitions: readonly { partition: number }[];
}

/** Buffer writes in Kafka's big-endian primitives. */
class Writer {
  readonly buffer: Buffer;
  #offset = 0;

  constructor(size: number) {
    this.buffer = Buffer.allocUnsafe(size);
  }

  int8(value: number): void {
    this.#offset = this.buffer.writeInt8(value, this.#offset);
  }

  int16(value: number): void {
    this.#offset = this.buffer.writeInt16BE(value, this.#offset);
  }

  int32(value: number): void {
    this.#offset = this.buffer.writeInt32BE(value, this.#offset);
  }

  /** A safe integer as int64: high and low 32 bits (timestamps -1 and -2, offsets, partition ids). */
  int64(value: number): void {
    const high = Math.floor(value / 0x100000000);
    this.#offset = this.buffer.writeInt32BE(high, this.#offset);
    this.#offset = this.buffer.writeUInt32BE(value - high * 0x100000000, this.#offset);
  }

  /** A string: its UTF-8 byte length (int16), then the bytes. */
  string(value: string, byteLength: number): void {
    this.int16(byteLength);
    this.#offset += this.buffer.write(value, this.#offset, byteLength, 'utf8');
  }

  done(): Buffer {
    if (this.#offset !== this.buffer.length) {
      throw new Error(`kafka: encoded ${this.#offset} bytes where ${this.buffer.length} were planned`);
    }
    return this.buffer;
  }
}

/**
 * A ListOffsets request body for protocol `version` 0 to 3 (kafkajs 2.x's versions: v0 asks for one offset per
 * partition, v2 and v3 carry the isolation level), or undefined for another version.
 */
export function encodeListOffsets(
  version: number,
  replicaId: number,
  isolationLevel: number,
  topics: readonly ListOffsetsTopic[],
): Buffer | undefined {
  if (!(version >= 0 && version <= 3)) return undefined;
  const withIsolation = version >= 2;
  // partition (int32) and timestamp (int64), and for v0 the number of offsets (int32)
  const partitionSize = version === 0 ? 16 : 12;
  const names = topics.map((entry) => Buffer.byteLength(entry.topic, 'utf8'));
  let size = 4 + (withIsolation ? 1 : 0) + 4;
  topics.forEach((entry, index) => {
    size += 2 + names[index]! + 4 + entry.partitions.length * partitionSize;
  });
  const writer = new Writer(size);
  writer.int32(replicaId);
  if (withIsolation) writer.int8(isolationLevel);
  writer.int32(topics.length);
  topics.forEach((entry, index) => {
    writer.string(entry.topic, names[index]!);
    writer.int32(entry.partitions.length);
    for (const { partition, timestamp } of entry.partitions) {
      writer.int32(partition);
      writer.int64(timestamp);
      if (version === 0) writer.int32(1);
    }
  });
  return writer.done();
}

/**
 * An OffsetFetch request body for protocol `version` 1 to 4 (kafkajs 2.x's versions), or undefined for another
 * version. From v3 on an empty topic list is sent as null: every topic the group committed in.
 */
export function encodeOffsetFetch(
  version: number,
  groupId: string,
  topics: readonly OffsetFetchTopic[],
): Buffer | undefined {
  if (!(version >= 1 && version <= 4)) return undefined;
  const group = Buffer.byteLength(groupId, 'utf8');
  const names = topics.map((entry) => Buffer.byteLength(entry.topic, 'utf8'));
  let size = 2 + group + 4;
  topics.forEach((entry, index) => {
    size += 2 + names[index]! + 4 + entry.partitions.length * 4;
  });
  const writer = new Writer(size);
  writer.string(groupId, group);
  writer.int32(topics.length === 0 && version >= 3 ? -1 : topics.length);
  topics.forEach((entry, index) => {
    writer.string(entry.topic, names[index]!);
    writer.int32(entry.partitions.length);
    for (const { partition } of entry.partitions) writer.int32(partition);
  });
  return writer.done();
}

/** A kafkajs protocol request as its brokers send it. */
interface ProtocolRequest {
  request: { apiVersion: number | string; encode(): Promise<unknown> };
}

const sendRequestSymbols = new WeakMap<object, symbol | null>();

/** kafkajs's private per-broker send (`private:Broker:sendRequest` on the Broker prototype), or null. */
function findSendRequest(broker: object): symbol | null {
  const prototype = Object.getPrototypeOf(broker) as object | null;
  if (prototype === null) return null;
  let symbol = sendRequestSymbols.get(prototype);
  if (symbol === undefined) {
    symbol =
      Object.getOwnPropertySymbols(prototype).find(
        (candidate) => candidate.description === 'private:Broker:sendRequest',
      ) ?? null;
    sendRequestSymbols.set(prototype, symbol);
  }
  return symbol;
}

/**
 * `broker` for one call (`withRequestBody(broker, body).listOffsets(...)`): kafkajs builds and sends the request and
 * reads the answer as usual, but the body is `body(version)` for the version it negotiated with the broker. When
 * `body` answers undefined, or this kafkajs has no such private send, kafkajs writes the body itself.
 */
export function withRequestBody<Broker extends object>(
  broker: Broker,
  body: (version: number) => Buffer | undefined,
): Broker {
  const symbol = findSendRequest(broker);
  const send = symbol === null ? undefined : (broker as Record<symbol, unknown>)[symbol];
  if (typeof send !== 'function') return broker;
  return Object.create(broker, {
    [symbol!]: {
      value(protocolRequest: ProtocolRequest) {
        const bytes = body(Number(protocolRequest.request.apiVersion));
        if (bytes === undefined) return send.call(broker, protocolRequest);
        // kafkajs frames the body through its Encoder's `buf` / `buffer`.
        const encoded = { buf: bytes, buffer: bytes };
        return send.call(broker, {
          ...protocolRequest,
          request: { ...protocolRequest.request, encode: async () => encoded },
        });
      },
    },
  }) as Broker;
}
