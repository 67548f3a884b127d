/**
 * Server-sent event streams (the change feed, the supervision stream) with `EventSource`: it reconnects by itself
 * (the runtime sends `retry: 3000`) and resumes with `Last-Event-ID`. Handlers get each event's JSON data.
 */

/** Connection state of a stream, for a live indicator. */
export type StreamState = 'connecting' | 'open' | 'closed';

/** Options of {@link openEventStream}. */
export interface EventStreamOptions {
  /** Handlers by event name (`event:` line); `message` for unnamed events. */
  events: Record<string, (data: unknown, id: string) => void>;
  onState?: (state: StreamState) => void;
  /** The EventSource implementation (tests pass a fake). */
  EventSourceImpl?: typeof EventSource;
}

/** Opens a stream; returns the function that closes it. Without `EventSource` (old browsers, tests) nothing opens. */
export function openEventStream(url: string, options: EventStreamOptions): () => void {
  const Impl = options.EventSourceImpl ?? (typeof EventSource === 'undefined' ? undefined : EventSource);
  if (!Impl) {
    options.onState?.('closed');
    return () => {};
  }
  const source = new Impl(url);
  options.onState?.('connecting');
  source.onopen = () => options.onState?.('open');
  source.onerror = () => options.onState?.(source.readyState === 2 ? 'closed' : 'connecting');
  for (const [name, handler] of Object.entries(options.events)) {
    source.addEventListener(name, (event) => {
      const message = event as MessageEvent<string>;
      let data: unknown = message.data;
      try {
        data = JSON.parse(message.data);
      } catch {
        // a non-JSON payload is passed through as text
      }
      handler(data, message.lastEventId);
    });
  }
  return () => {
    source.close();
    options.onState?.('closed');
  };
}
