import { createHash } from 'node:crypto';

/** A borrowed shared client. `release()` once; the client closes when its last lease is released. */
export interface Lease<T> {
  readonly client: T;
  release(): Promise<void>;
}

/**
 * A ref-counted cache of clients keyed by connection identity (broker list + credentials hash).
 * Scaler packages use it so that many triggers against the same broker share one client.
 */
export interface ConnectionCache {
  acquire<T>(key: string, open: () => Promise<T> | T, close: (client: T) => Promise<void> | void): Promise<Lease<T>>;
  /** Number of live shared clients (for tests and diagnostics). */
  readonly size: number;
  /** Closes every client, whatever its lease count. */
  closeAll(): Promise<void>;
}

interface Entry {
  client: Promise<unknown>;
  close: (client: unknown) => Promise<void> | void;
  references: number;
}

/** Creates an empty `ConnectionCache`. */
export function createConnectionCache(): ConnectionCache {
  const entries = new Map<string, Entry>();

  async function closeEntry(key: string, entry: Entry): Promise<void> {
    if (entries.get(key) === entry) entries.delete(key);
    let client: unknown;
    try {
      client = await entry.client;
    } catch {
      return; // never opened: nothing to close
    }
    await entry.close(client);
  }

  return {
    get size() {
      return entries.size;
    },
    async acquire<T>(key: string, open: () => Promise<T> | T, close: (client: T) => Promise<void> | void) {
      let entry = entries.get(key);
      if (!entry) {
        const created: Entry = {
          client: Promise.resolve().then(open),
          close: close as (client: unknown) => Promise<void> | void,
          references: 0,
        };
        entry = created;
        entries.set(key, created);
        // A failed open must not poison the key for the next caller.
        created.client.catch(() => {
          if (entries.get(key) === created) entries.delete(key);
        });
      }
      entry.references += 1;
      const owned = entry;
      let client: T;
      try {
        client = (await owned.client) as T;
      } catch (error) {
        owned.references -= 1;
        throw error;
      }
      let released = false;
      return {
        client,
        release: async () => {
          if (released) return;
          released = true;
          owned.references -= 1;
          if (owned.references === 0) await closeEntry(key, owned);
        },
      };
    },
    async closeAll() {
      const all = [...entries];
      entries.clear();
      await Promise.allSettled(all.map(([key, entry]) => closeEntry(key, entry)));
    },
  };
}

/**
 * A cache key for a connection identity. Secrets are hashed, never kept in clear in the key.
 *
 * @example connectionKey('kafka', servers.join(','), { username, password })
 */
export function connectionKey(kind: string, address: string, credentials: Record<string, unknown> = {}): string {
  const sorted = Object.keys(credentials)
    .sort()
    .map((name) => [name, credentials[name]]);
  const digest = createHash('sha256').update(JSON.stringify(sorted)).digest('hex').slice(0, 16);
  return `${kind}|${address}|${digest}`;
}
