// The page's one message line: each message has a topic, so that fixing one problem clears its own message and
// not another's (a stream list that loads again clears "stream list unavailable", not a refused stream). No DOM.

export class MessageLine {
  /** @param {(text: string) => void} render shows the current text ('' for none) */
  constructor(render) {
    this.render = render;
    /** @type {Map<string, string>} by topic, in the order they were shown */
    this.messages = new Map();
  }

  show(topic, text) {
    this.messages.delete(topic);
    this.messages.set(topic, text);
    this.render(this.text());
  }

  clear(topic) {
    if (this.messages.delete(topic)) this.render(this.text());
  }

  /** The newest message, or '' when none is left. */
  text() {
    const all = [...this.messages.values()];
    return all.length === 0 ? '' : all[all.length - 1];
  }
}
