/**
 * Items ordered by the tick they are next due on, so a beat touches only the items due on it, not every item
 * registered. A binary min-heap with lazy removal: rescheduling bumps the item's version and stale entries are
 * dropped when they surface (or in a rebuild, once they outnumber the live ones).
 */
interface Entry {
  tick: number;
  key: string;
  version: number;
}

export interface DueQueue {
  /** Schedules `key` for `tick`, replacing any earlier schedule of it. */
  schedule(key: string, tick: number): void;
  /** Forgets `key` (paused, done, removed). */
  unschedule(key: string): void;
  /** Removes and returns every key due on or before `tick`, in tick order. */
  takeDue(tick: number): string[];
  /** Entries held, stale ones included (for tests of the rebuild). */
  size(): number;
}

export function createDueQueue(): DueQueue {
  const heap: Entry[] = [];
  // Versions come from one counter and are never reused, so an entry left behind by an earlier schedule of the
  // same key can never look live again.
  const versions = new Map<string, number>();
  let nextVersion = 1;

  const less = (a: Entry, b: Entry) => a.tick < b.tick || (a.tick === b.tick && a.key < b.key);

  function swap(i: number, j: number) {
    const t = heap[i]!;
    heap[i] = heap[j]!;
    heap[j] = t;
  }

  function up(i: number) {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!less(heap[i]!, heap[parent]!)) return;
      swap(i, parent);
      i = parent;
    }
  }

  function down(i: number) {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let smallest = i;
      if (l < heap.length && less(heap[l]!, heap[smallest]!)) smallest = l;
      if (r < heap.length && less(heap[r]!, heap[smallest]!)) smallest = r;
      if (smallest === i) return;
      swap(i, smallest);
      i = smallest;
    }
  }

  function pop(): Entry {
    const top = heap[0]!;
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      down(0);
    }
    return top;
  }

  const isLive = (entry: Entry) => versions.get(entry.key) === entry.version;

  function rebuildIfMostlyStale() {
    if (heap.length < 64 || heap.length < versions.size * 2) return;
    const kept = heap.filter(isLive);
    heap.length = 0;
    for (const entry of kept) {
      heap.push(entry);
      up(heap.length - 1);
    }
  }


  return {
    schedule(key, tick) {
      const version = nextVersion++;
      versions.set(key, version);
      heap.push({ tick, key, version });
      up(heap.length - 1);
      rebuildIfMostlyStale();
    },
    unschedule(key) {
      versions.delete(key);
      rebuildIfMostlyStale();
    },
    takeDue(tick) {
      const due: string[] = [];
      while (heap.length > 0 && heap[0]!.tick <= tick) {
        const entry = pop();
        if (!isLive(entry)) continue;
        versions.delete(entry.key);
        due.push(entry.key);
      }
      return due;
    },
    size: () => heap.length,
  };
}
