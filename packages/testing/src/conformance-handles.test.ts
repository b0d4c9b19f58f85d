import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { type ResourceTracker, trackResources } from './conformance-handles.js';

const trackers: ResourceTracker[] = [];
const timers: NodeJS.Timeout[] = [];
const track = () => {
  const tracker = trackResources();
  trackers.push(tracker);
  return tracker;
};
afterEach(() => {
  for (const tracker of trackers.splice(0)) tracker.stop();
  for (const timer of timers.splice(0)) clearInterval(timer);
});
const countOf = (type: string) => process.getActiveResourcesInfo().filter((name) => name === type).length;

describe('trackResources', () => {
  it('catches a leaked timer while an unrelated timer ends at the same moment (what counting by type misses)', async () => {
    const unrelated = setTimeout(() => {}, 60_000);
    const tracker = track();
    const before = countOf('Timeout');
    tracker.run(() => {
      timers.push(setInterval(() => {}, 1000)); // the leak
    });
    clearTimeout(unrelated); // ends meanwhile (all of this runs in one turn: nothing else can start or end a timer)
    expect(countOf('Timeout')).toBe(before); // counting by type sees nothing
    expect(await tracker.openAfter(50)).toEqual(['Timeout ×1']);
  });

  it('does not count timers of other code, nor of the caller after it awaited the work', async () => {
    const tracker = track();
    await tracker.run(async () => {
      timers.push(setInterval(() => {}, 1000)); // created by the work...
      clearInterval(timers.pop());
      await new Promise((resolve) => setTimeout(resolve, 5));
    });
    timers.push(setInterval(() => {}, 1000)); // ...and by someone else, outside it
    expect(await tracker.openAfter(50)).toEqual([]);
  });

  it('follows the work through promises, immediates and timer callbacks', async () => {
    const tracker = track();
    tracker.run(() => {
      void Promise.resolve().then(() =>
        setImmediate(() => setTimeout(() => timers.push(setInterval(() => {}, 1000)), 1)),
      );
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await tracker.openAfter(50)).toEqual(['Timeout ×1']);
  });

  it('counts a listening server until it is closed', async () => {
    const tracker = track();
    const server = await tracker.run(async () => {
      const created = createServer();
      await new Promise<void>((resolve) => created.listen(0, '127.0.0.1', resolve));
      return created;
    });
    expect(tracker.open()).toEqual(['TCPSERVERWRAP ×1']);
    await new Promise<void>((resolve) => server.close(() => resolve()));
    expect(await tracker.openAfter(1000)).toEqual([]);
  });

  it("does not count an unref()'d timer, such as AbortSignal.timeout's", async () => {
    const tracker = track();
    tracker.run(() => {
      AbortSignal.timeout(60_000);
      const timer = setInterval(() => {}, 1000);
      timer.unref();
      timers.push(timer);
    });
    expect(await tracker.openAfter(50)).toEqual([]);
  });
});
