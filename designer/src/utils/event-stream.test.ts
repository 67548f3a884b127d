import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openEventStream, REOPEN_DELAY_MS, type StreamState } from './event-stream';

/** A stand-in for the browser's EventSource: records what was opened and lets a test fire events. */
class FakeEventSource {
  static opened: FakeEventSource[] = [];
  readyState = 0;
  closed = false;
  onopen: (() => void) | null = null;
  onerror: (() => void) | null = null;
  private listeners = new Map<string, ((event: MessageEvent<string>) => void)[]>();

  constructor(readonly url: string) {
    FakeEventSource.opened.push(this);
  }

  addEventListener(name: string, listener: (event: MessageEvent<string>) => void): void {
    this.listeners.set(name, [...(this.listeners.get(name) ?? []), listener]);
  }

  close(): void {
    this.closed = true;
    this.readyState = 2;
  }

  emit(name: string, data: string, lastEventId = '1'): void {
    for (const listener of this.listeners.get(name) ?? []) listener({ data, lastEventId } as MessageEvent<string>);
  }
}

const Impl = FakeEventSource as unknown as typeof EventSource;

describe('openEventStream', () => {
  beforeEach(() => {
    FakeEventSource.opened = [];
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('passes each named event’s JSON data to its handler', async () => {
    const seen: unknown[] = [];
    const close = openEventStream('/api/v1/changes/stream', { events: { change: (data) => seen.push(data) }, EventSourceImpl: Impl });
    await vi.runAllTicks();
    FakeEventSource.opened[0]!.emit('change', '{"itemCode":"XK00001001"}');
    FakeEventSource.opened[0]!.emit('change', 'not json');
    expect(seen).toEqual([{ itemCode: 'XK00001001' }, 'not json']);
    close();
    expect(FakeEventSource.opened[0]!.closed).toBe(true);
  });

  it('opens again with a fresh URL (a new one-time ticket) when a ticketed connection drops', async () => {
    // given a stream whose every connection needs a new ticket
    let issued = 0;
    const states: StreamState[] = [];
    const close = openEventStream(async () => `/api/v1/supervision/stream?ticket=t${(issued += 1)}`, {
      events: {}, EventSourceImpl: Impl, onState: (state) => states.push(state),
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(FakeEventSource.opened.map((source) => source.url)).toEqual(['/api/v1/supervision/stream?ticket=t1']);
    FakeEventSource.opened[0]!.onopen?.();

    // when the connection drops, the used ticket is not retried: the source is closed, and a new ticket opens later
    FakeEventSource.opened[0]!.onerror?.();
    expect(FakeEventSource.opened[0]!.closed).toBe(true);
    await vi.advanceTimersByTimeAsync(REOPEN_DELAY_MS - 1);
    expect(FakeEventSource.opened).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(FakeEventSource.opened.map((source) => source.url)).toEqual([
      '/api/v1/supervision/stream?ticket=t1', '/api/v1/supervision/stream?ticket=t2',
    ]);
    expect(states).toEqual(['connecting', 'open', 'connecting', 'connecting']);

    // and closing stops for good
    close();
    FakeEventSource.opened[1]!.onerror?.();
    await vi.advanceTimersByTimeAsync(REOPEN_DELAY_MS * 2);
    expect(FakeEventSource.opened).toHaveLength(2);
  });
});
