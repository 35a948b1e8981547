/**
 * Privacy checks as plain functions, for any browser harness (Chromium here;
 * Firefox's suite can feed its own log into the same checks).
 *
 * Chromium's NetLog (`--log-net-log=FILE`) records every socket, DNS lookup,
 * preconnect, URL request and WebSocket of the browser process and the network
 * service, whoever asked for it — unlike Playwright's request events, which miss
 * WebSocket, preconnect and dns-prefetch. `readNetLog` reduces it to the
 * endpoints contacted and the URL requests with their initiator, so the
 * extension's requests can be told apart from the page's.
 */
import { readFileSync } from 'node:fs';

/** One URL request of the log. */
export interface LoggedRequest {
  url: string;
  /** Origin that caused it (the page, or `chrome-extension://<id>`), when the log has it. */
  initiator: string | null;
}

/** What a browsing session contacted. */
export interface Traffic {
  /** Every URL request (http, ws, chrome-extension, …). */
  requests: LoggedRequest[];
  /** Every host a socket, DNS lookup or proxy resolution was made for, as logged (`host:port` or address). */
  endpoints: string[];
}

interface NetLogEvent {
  type: number;
  params?: Record<string, unknown>;
}

/** Parses a NetLog file; a log cut short by a killed browser is closed first. */
export function readNetLog(file: string): Traffic {
  let text = readFileSync(file, 'utf8').trim();
  let log: { constants: { logEventTypes: Record<string, number> }; events: NetLogEvent[] };
  try {
    log = JSON.parse(text) as typeof log;
  } catch {
    text = text.replace(/,\s*$/, '');
    log = JSON.parse(`${text}]}`) as typeof log;
  }
  const typeName = new Map(Object.entries(log.constants.logEventTypes).map(([name, id]) => [id, name]));
  const requests: LoggedRequest[] = [];
  const endpoints = new Set<string>();
  for (const event of log.events) {
    const name = typeName.get(event.type) ?? '';
    const params = event.params ?? {};
    if (name === 'URL_REQUEST_START_JOB' && typeof params.url === 'string') {
      requests.push({ url: params.url, initiator: typeof params.initiator === 'string' ? params.initiator : null });
    }
    for (const key of ['host', 'address', 'source_address', 'url', 'original_url', 'group_name']) {
      const value = params[key];
      if (typeof value === 'string' && value) endpoints.add(value);
    }
    if (Array.isArray(params.address_list)) for (const a of params.address_list) if (typeof a === 'string') endpoints.add(a);
  }
  return { requests, endpoints: [...endpoints] };
}

/** Host part of a logged endpoint (`http://h:1/x`, `ssl/h:443`, `h:80`, `[::1]:80`, `1.2.3.4`). */
export function endpointHost(endpoint: string): string {
  try {
    const url = new URL(endpoint);
    if (url.protocol === 'chrome-extension:' || url.protocol === 'data:' || url.protocol === 'about:' || url.protocol === 'blob:') return url.protocol;
    if (url.hostname) return url.hostname.replace(/^\[|\]$/g, '');
  } catch {
    // not a URL
  }
  const bare = endpoint.replace(/^[a-z0-9-]+\//i, '');
  const v6 = /^\[([^\]]+)\]/.exec(bare);
  if (v6) return v6[1]!;
  return bare.replace(/:\d+$/, '');
}

/** Hosts a test may contact: this machine only. */
export const LOCAL_HOSTS: ReadonlySet<string> = new Set(['127.0.0.1', 'localhost', '::1', '0.0.0.0', 'chrome-extension:', 'data:', 'about:', 'blob:']);

/** Endpoints off this machine: must be empty. */
export function foreignEndpoints(traffic: Traffic): string[] {
  return traffic.endpoints.filter((endpoint) => !LOCAL_HOSTS.has(endpointHost(endpoint)));
}

/**
 * Requests the extension made (its pages, worker and content scripts' fetches
 * carry its origin as initiator, or target its files) that are not its own
 * files: must be empty.
 */
export function foreignExtensionRequests(traffic: Traffic, extensionId: string): LoggedRequest[] {
  const own = `chrome-extension://${extensionId}`;
  return traffic.requests.filter((r) => r.initiator === own && !r.url.startsWith(`${own}/`) && !r.url.startsWith('blob:') && !r.url.startsWith('data:'));
}

/** Requests of the pages (not initiated by the extension) to anything but `pageOrigin`: must be empty. */
export function foreignPageRequests(traffic: Traffic, extensionId: string, pageOrigin: string): LoggedRequest[] {
  const own = `chrome-extension://${extensionId}`;
  return traffic.requests.filter((r) => r.initiator !== own && !r.url.startsWith(`${pageOrigin}/`) && !r.url.startsWith(`${own}/`));
}

/** Lower-cased runs of `size` words of `text`: any one of them found in storage is page text. */
export function shingles(text: string, size = 8): string[] {
  const tokens = text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  const out = new Set<string>();
  for (let i = 0; i + size <= tokens.length; i++) out.add(tokens.slice(i, i + size).join(' '));
  return [...out];
}

/** The shingles of `pageShingles` found in a storage dump (any JSON): must be empty. */
export function pageTextInStorage(dump: unknown, pageShingles: Iterable<string>): string[] {
  const stored = ` ${JSON.stringify(dump).toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean).join(' ')} `;
  return [...pageShingles].filter((shingle) => stored.includes(` ${shingle} `));
}
