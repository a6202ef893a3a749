// Where the page's WebSocket lives: "ws" next to the page, under whatever context path the WAR was deployed
// at, with ws: or wss: following the page's own scheme. Never a hard-coded host.

/**
 * @param {string} pageUrl the page's URL (location.href or document.baseURI)
 * @param {Record<string, string>} [params] query parameters to add
 * @returns {string}
 */
export function socketUrl(pageUrl, params = {}) {
  const url = new URL('ws', pageUrl);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.hash = '';
  url.search = '';
  for (const [name, value] of Object.entries(params)) {
    url.searchParams.set(name, value);
  }
  return url.toString();
}
