import { test } from 'node:test';
import assert from 'node:assert/strict';
import { socketUrl } from '../../../webapp/js/socket-url.js';

test('the socket lives next to the page under the context path', () => {
  assert.equal(socketUrl('http://example.test:8080/seriesflow/'), 'ws://example.test:8080/seriesflow/ws');
  assert.equal(socketUrl('http://example.test/seriesflow/index.html?x=1#top'), 'ws://example.test/seriesflow/ws');
});

test('https pages use wss', () => {
  assert.equal(socketUrl('https://example.test/'), 'wss://example.test/ws');
});

test('query parameters are encoded', () => {
  assert.equal(socketUrl('http://h/', { stream: 'a b' }), 'ws://h/ws?stream=a+b');
});
