// A Seriesflow event stream (GET sse?streams=...) seen through the small part of the WebSocket interface that
// SeriesflowClient uses: readyState, onopen, onmessage (JSON text, as seriesflow.v1 sends it), onclose with a
// code and reason, close(). The streams and where each resumes are part of the URL; an event stream cannot send.

/** Close code reported when the event stream ends without saying why (as a WebSocket reports 1006). */
export const ABNORMAL_CLOSURE = 1006;

/**
 * The event stream's URL for a WebSocket URL of the same deployment: ws(s)://host/ctx/ws -> http(s)://host/ctx/sse.
 * @param {string} socketUrl
 * @param {string[]} streams
 * @param {string} lastEventId every stream's position, "name:epoch:seq" joined by ","; empty for none
 */
export function eventStreamUrl(socketUrl, streams, lastEventId) {
  const url = new URL(socketUrl);
  url.protocol = url.protocol === 'wss:' ? 'https:' : url.protocol === 'ws:' ? 'http:' : url.protocol;
  url.pathname = url.pathname.replace(/ws$/, 'sse');
  url.search = '';
  url.searchParams.set('streams', streams.join(','));
  if (lastEventId) url.searchParams.set('lastEventId', lastEventId);
  return url.toString();
}

export class EventStreamSocket {
  /**
   * @param {string} url the event stream's URL (see eventStreamUrl)
   * @param {any} EventSourceImpl the EventSource class (the browser's, or one for Node)
   */
  constructor(url, EventSourceImpl) {
    this.url = url;
    this.isEventStream = true;
    this.readyState = 0;
    this.closeCode = null;
    this.closeReason = '';
    this.onopen = null;
    this.onmessage = null;
    this.onclose = null;
    this.source = new EventSourceImpl(url);
    this.source.onopen = () => {
      this.readyState = 1;
      this.onopen?.();
    };
    this.source.onmessage = (event) => this.message(event.data);
    // The browser would reconnect by itself, with the id of the last event; the client reconnects instead, with
    // every stream's position it holds and its own backoff, so the first error ends this connection.
    this.source.onerror = () => this.ended();
  }

  message(data) {
    if (data.startsWith('{"type":"close"')) {
      const close = JSON.parse(data);
      this.closeCode = close.code;
      this.closeReason = close.reason;
      return;
    }
    this.onmessage?.({ data });
  }

  ended() {
    if (this.readyState === 3) return;
    this.readyState = 3;
    this.source.close();
    this.onclose?.({ code: this.closeCode ?? ABNORMAL_CLOSURE, reason: this.closeReason });
  }

  /** An event stream takes no messages: the client reconnects to change what it receives. */
  send() {
    throw new Error('an event stream cannot send; reconnect with the new streams instead');
  }

  /** Ends the stream from this side; onclose follows, as for a WebSocket. */
  close(code = 1000, reason = '') {
    if (this.readyState === 3) return;
    this.readyState = 3;
    this.source.close();
    queueMicrotask(() => this.onclose?.({ code, reason }));
  }
}
