import { createProxyFetch, type ProxyFetch } from "@keyapi-tiktok/proxy-fetch";

/** How pages are fetched: the bounds, overridable by tests. */
export interface FetchPolicy {
  /** Per attempt, headers and body (default 20 s). */
  timeoutMs: number;
  /** Retries after the first attempt, for network errors, timeouts, 429 and 5xx (default 3). */
  retries: number;
  /** The first backoff; doubled each retry, full jitter (default 500 ms). */
  baseDelayMs: number;
  /**
   * When the whole sync must have ended (ms since the epoch): no attempt or wait runs past it, so
   * a hostile site cannot hold a run for hours however many pages it lists.
   */
  until?: number;
}

export const DEFAULT_POLICY: FetchPolicy = { timeoutMs: 20_000, retries: 3, baseDelayMs: 500 };
const USER_AGENT = "keyapi-tiktok-spec-update (+https://github.com/keyapi-tiktok)";
const LOOPBACK = ["localhost", "127.0.0.1", "[::1]"];
/** A server asking for a longer wait is treated as failing now: the run should not stall. */
const MAX_WAIT_MS = 30_000;
/** Redirects followed for one page, each hop checked like the first URL. */
const MAX_HOPS = 5;

// Node's own fetch ignores HTTPS_PROXY and NO_PROXY: the CLI's reading of them (curl's, with
// NO_PROXY ranges), made once for the process; NODE_EXTRA_CA_CERTS is Node's TLS either way.
// Loopback never goes to a proxy. The site is https, so the https variables are the ones read.
let routing: Promise<ProxyFetch> | undefined;

/** Refuses what must not be fetched: anything but https, and plain http beyond this machine. */
export function checkUrl(raw: string): URL {
  const url = URL.canParse(raw) ? new URL(raw) : undefined;
  if (!url || !/^https?:$/.test(url.protocol)) throw new Error(`${raw} is not an http(s) URL`);
  if (url.protocol === "http:" && !LOOPBACK.includes(url.hostname))
    throw new Error(`${raw}: plain http only to a loopback host; use https`);
  return url;
}

const retryable = (status: number) => status === 429 || status >= 500;

/** The server's wait, from `Retry-After` in seconds or as an HTTP date; undefined when junk. */
function retryAfterMs(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\s*\d+\s*$/.test(value)) return Number(value) * 1000;
  const date = /GMT$/.test(value.trim()) ? Date.parse(value) : NaN;
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** The error of one page, as the refusal names it. */
export class FetchError extends Error {
  constructor(
    message: string,
    /** HTTP 404 (or 410): the page is gone, not failing. */
    readonly gone = false,
  ) {
    super(message);
  }
}

/**
 * The most one page or index may hold. The vendor's are tens of kilobytes; an endless body would
 * otherwise be held in memory until the process dies (11.5 GB before a 20 s timeout, measured).
 */
export const MAX_PAGE_BYTES = 10 * 2 ** 20;

/** A body read as UTF-8, refused (not retried) once past `MAX_PAGE_BYTES`. */
async function boundedText(response: Response): Promise<string> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  // Leaving the loop early cancels the body (and its connection).
  for await (const chunk of response.body ?? []) {
    size += chunk.byteLength;
    if (size > MAX_PAGE_BYTES) break;
    chunks.push(chunk);
  }
  if (size > MAX_PAGE_BYTES)
    throw new FetchError(`larger than ${MAX_PAGE_BYTES / 2 ** 20} MB: refused`);
  return new TextDecoder().decode(Buffer.concat(chunks));
}

/**
 * GETs a page as text, with a timeout per attempt and retries with backoff on network errors,
 * timeouts, 429 and 5xx (honouring `Retry-After`). Any other status fails at once.
 */
export async function fetchText(
  raw: string,
  policy: FetchPolicy = DEFAULT_POLICY,
): Promise<string> {
  const first = checkUrl(raw);
  // A proxy variable that names no proxy is thrown here, once, not retried as a network error.
  const { fetch } = await (routing ??= createProxyFetch());
  for (let attempt = 0; ; attempt++) {
    let why: string;
    let wait: number | undefined;
    try {
      const left = (policy.until ?? Infinity) - Date.now();
      if (left <= 0) throw new FetchError("the sync's deadline passed before it was read");
      const signal = AbortSignal.timeout(Math.min(policy.timeoutMs, left));
      let url = first;
      let response: Response;
      // Redirects by hand: each hop must pass the rules the first URL passed (https, or http to
      // this machine only), and a loop ends at MAX_HOPS instead of being retried.
      for (let hops = 0; ; hops++) {
        response = await fetch(url, {
          headers: { "user-agent": USER_AGENT, accept: "text/markdown, text/plain, */*" },
          signal,
          redirect: "manual",
        });
        const location = response.headers.get("location");
        if (response.status < 300 || response.status >= 400 || !location) break;
        await response.body?.cancel();
        if (hops >= MAX_HOPS) throw new FetchError(`more than ${MAX_HOPS} redirects`);
        try {
          url = checkUrl(new URL(location, url).href);
        } catch (error) {
          throw new FetchError(`redirected to a URL refused: ${(error as Error).message}`);
        }
      }
      const text = await boundedText(response);
      if (response.ok) return text;
      why = `HTTP ${response.status}`;
      if (!retryable(response.status))
        throw new FetchError(why, response.status === 404 || response.status === 410);
      wait = retryAfterMs(response.headers.get("retry-after"));
    } catch (error) {
      if (error instanceof FetchError) throw error;
      const e = error as Error;
      why =
        e.name === "TimeoutError" || e.name === "AbortError"
          ? `no answer within ${policy.timeoutMs} ms`
          : `network error: ${(e.cause as Error | undefined)?.message ?? e.message}`;
    }
    if (attempt >= policy.retries) throw new FetchError(`${why} (after ${attempt + 1} attempts)`);
    if (wait !== undefined && wait > MAX_WAIT_MS)
      throw new FetchError(`${why}: the server asks to wait ${Math.round(wait / 1000)} s`);
    const backoff = Math.random() * policy.baseDelayMs * 2 ** attempt;
    if (Date.now() + (wait ?? backoff) >= (policy.until ?? Infinity))
      throw new FetchError(`${why}; the sync's deadline leaves no time to retry`);
    await new Promise((resolve) => setTimeout(resolve, wait ?? backoff));
  }
}
