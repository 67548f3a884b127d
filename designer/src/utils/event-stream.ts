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

/** How long to wait before opening a stream again with a fresh URL. */
export const REOPEN_DELAY_MS = 3_000;

/**
 * Opens a stream; returns the function that closes it. Without `EventSource` (old browsers, tests) nothing opens.
 *
 * `url` is either fixed (the browser reconnects by itself) or a function giving a fresh URL for each connection
 * (a one-time ticket): then, when the connection drops, this stream is closed and opened again after
 * {@link REOPEN_DELAY_MS} with a new URL, since the browser would retry with the used ticket.
 */
export function openEventStream(url: string | (() => Promise<string>), options: EventStreamOptions): () => void {
  const Impl = options.EventSourceImpl ?? (typeof EventSource === 'undefined' ? undefined : EventSource);
  if (!Impl) {
    options.onState?.('closed');
    return () => {};
  }
  let source: EventSource | null = null;
  let closed = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const reopen = () => {
    timer = setTimeout(() => void connect(), REOPEN_DELAY_MS);
  };
  const connect = async () => {
    if (closed) return;
    options.onState?.('connecting');
    let address: string;
    try {
      address = typeof url === 'string' ? url : await url();
    } catch {
      reopen();
      return;
    }
    if (closed) return;
    const current = new Impl(address);
    source = current;
    current.onopen = () => options.onState?.('open');
    current.onerror = () => {
      if (closed) return;
      if (typeof url === 'string') {
        options.onState?.(current.readyState === 2 ? 'closed' : 'connecting');
        return;
      }
      current.close();
      options.onState?.('connecting');
      reopen();
    };
    for (const [name, handler] of Object.entries(options.events)) {
      current.addEventListener(name, (event) => {
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
  };
  void connect();
  return () => {
    closed = true;
    clearTimeout(timer);
    source?.close();
    options.onState?.('closed');
  };
}
