import { describe, expect, it } from 'vitest';
import { connectionKey, createConnectionCache } from './connection-cache.js';

describe('connection cache', () => {
  it('shares one client per key and closes it with the last release', async () => {
    const cache = createConnectionCache();
    const closed: string[] = [];
    let opened = 0;
    const open = () => {
      opened += 1;
      return { id: opened };
    };
    const close = (client: { id: number }) => {
      closed.push(`client-${client.id}`);
    };
    const [a, b] = await Promise.all([cache.acquire('k', open, close), cache.acquire('k', open, close)]);
    expect(opened).toBe(1);
    expect(a.client).toBe(b.client);
    expect(cache.size).toBe(1);
    await a.release();
    await a.release(); // a second release of the same lease is ignored
    expect(closed).toEqual([]);
    await b.release();
    expect(closed).toEqual(['client-1']);
    expect(cache.size).toBe(0);
  });

  it('does not keep a client whose open failed', async () => {
    const cache = createConnectionCache();
    await expect(
      cache.acquire(
        'k',
        () => Promise.reject(new Error('ECONNREFUSED')),
        () => {},
      ),
    ).rejects.toThrow('ECONNREFUSED');
    expect(cache.size).toBe(0);
    const lease = await cache.acquire(
      'k',
      () => 'ok',
      () => {},
    );
    expect(lease.client).toBe('ok');
  });

  it('closes every client on closeAll', async () => {
    const cache = createConnectionCache();
    const closed: string[] = [];
    await cache.acquire(
      'a',
      () => 'a',
      (c) => void closed.push(c),
    );
    await cache.acquire(
      'b',
      () => 'b',
      (c) => void closed.push(c),
    );
    await cache.closeAll();
    expect(closed.sort()).toEqual(['a', 'b']);
    expect(cache.size).toBe(0);
  });

  it('builds keys that hash credentials instead of holding them', () => {
    const key = connectionKey('kafka', 'broker:9092', { username: 'u', password: 'hunter2' });
    expect(key).not.toContain('hunter2');
    expect(key.startsWith('kafka|broker:9092|')).toBe(true);
    expect(key).toBe(connectionKey('kafka', 'broker:9092', { password: 'hunter2', username: 'u' }));
    expect(key).not.toBe(connectionKey('kafka', 'broker:9092', { username: 'u', password: 'other' }));
  });
});
