import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import { changeStreamUrl, fetchChanges, type ChangeEvent } from '@/api/changes';
import { openEventStream, type StreamState } from '@/utils/event-stream';

/** How many events the feed keeps on screen. */
const KEEP = 200;
const KINDS = ['published', 'withdrawn', 'migrated', 'implementationChanged', 'imported'];

/**
 * The change feed (issue #5 point 8): every publication, withdrawal, migration, regional change and import, newest
 * first, read page by page and then followed live over server-sent events (resuming after the last event seen).
 */
export const useChangeFeedStore = defineStore('changeFeed', () => {
  const events = shallowRef<ChangeEvent[]>([]);
  const lastId = ref(0);
  const status = ref<'idle' | 'loading' | 'ready' | 'error'>('idle');
  const error = ref<unknown>(null);
  const live = ref<StreamState>('closed');
  let close: (() => void) | null = null;

  /** Adds events (any order), newest first, without duplicates. */
  function receive(incoming: readonly ChangeEvent[]): void {
    if (incoming.length === 0) return;
    const byId = new Map(events.value.map((event) => [event.id, event]));
    for (const event of incoming) byId.set(event.id, event);
    events.value = [...byId.values()].sort((a, b) => b.id - a.id).slice(0, KEEP);
    lastId.value = Math.max(lastId.value, ...incoming.map((event) => event.id));
  }

  /** Reads the feed to its end. */
  async function load(): Promise<void> {
    status.value = 'loading';
    error.value = null;
    try {
      let after: number | undefined = lastId.value || undefined;
      for (let page = 0; page < 50; page += 1) {
        const result = await fetchChanges({ ...(after === undefined ? {} : { after }), limit: 500 });
        receive(result.events);
        if (result.next === null) break;
        after = result.next;
      }
      status.value = 'ready';
    } catch (failure) {
      error.value = failure;
      status.value = 'error';
    }
  }

  /** Follows the feed live from the last event read. */
  function follow(): void {
    stop();
    const handler = (data: unknown) => receive([data as ChangeEvent]);
    close = openEventStream(changeStreamUrl({ after: lastId.value }), {
      events: Object.fromEntries(KINDS.map((kind) => [kind, handler])),
      onState: (state) => {
        live.value = state;
      },
    });
  }

  /** Stops following. */
  function stop(): void {
    close?.();
    close = null;
  }

  return { events, lastId, status, error, live, receive, load, follow, stop };
});
