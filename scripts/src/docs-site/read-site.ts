import { constants } from "node:fs";
import { open, realpath, stat } from "node:fs/promises";
import path from "node:path";
import { sha256 } from "../spec/sha256.js";
import {
  DEFAULT_POLICY,
  FetchError,
  fetchText,
  MAX_PAGE_BYTES,
  type FetchPolicy,
} from "./fetch-text.js";
import { inLanguage, isOptional, parseIndex, type IndexEntry } from "./llms-index.js";

/** One page as read, before it is parsed. */
export interface RawPage extends IndexEntry {
  text: string;
  sha256: string;
}

export interface SiteRead {
  /** The index as given: its URL, or the folder's llms.txt. */
  index: string;
  pages: RawPage[];
  /** Pages that could not be read: each refuses the update (unless in an Optional section). */
  failures: { url: string; why: string; gone: boolean }[];
  /** Optional pages that failed, skipped by the llms.txt convention. */
  skipped: string[];
}

export interface ReadOptions {
  /** `en` (default) or `zh`: the language folder of the pages taken. */
  lang?: string;
  policy?: FetchPolicy;
  /** Pages fetched at once (at most 4: a docs site is not ours to load). */
  concurrency?: number;
  /** Told after each page; the CLI draws a progress line on a terminal. */
  onProgress?: (done: number, total: number) => void;
  /** The whole sync's bound (default 15 minutes): every page read by then, or the update refused. */
  deadlineMs?: number;
}

/** More links than any docs site of this API has: a hostile index must not hold a run for days. */
const MAX_PAGES = 1_000;

/**
 * A page of a saved site: the link's path under the folder, which must stay inside it (no `..`,
 * no encoded separator, no symlink out) and be a regular file (not a FIFO or a device).
 */
async function readSaved(folder: string, url: string): Promise<string> {
  const { pathname } = new URL(url);
  if (/%2f|%5c|%00/i.test(pathname)) throw new Error("an encoded separator in its path");
  const root = await realpath(folder);
  const real = await realpath(path.resolve(root, `.${decodeURIComponent(pathname)}`));
  if (!real.startsWith(root + path.sep)) throw new Error("its path leads outside the folder");
  const handle = await open(real, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const found = await handle.stat();
    if (!found.isFile()) throw new Error("not a regular file");
    if (found.size > MAX_PAGE_BYTES)
      throw new Error(`larger than ${MAX_PAGE_BYTES / 2 ** 20} MB: refused`);
    return await handle.readFile("utf8");
  } finally {
    await handle.close();
  }
}

/** Whether `source` is a saved copy of the site (a folder holding llms.txt), else a URL. */
export const isFolder = async (source: string): Promise<boolean> =>
  (await stat(source).catch(() => undefined))?.isDirectory() ?? false;

/**
 * Reads the index and every page it links in the wanted language, from the site (the llms.txt
 * URL) or from a folder of saved pages (`llms.txt` at its root, each page at its URL's path).
 * Nothing is parsed here: a failure is recorded with its reason, never dropped, because a page
 * that could not be read must never look like an operation removed.
 */
export async function readSite(source: string, options: ReadOptions = {}): Promise<SiteRead> {
  const { lang = "en", onProgress, deadlineMs = 15 * 60_000 } = options;
  const policy = { ...(options.policy ?? DEFAULT_POLICY), until: Date.now() + deadlineMs };
  const concurrency = Math.min(4, Math.max(1, options.concurrency ?? 4));
  const folder = await isFolder(source);
  const read = folder
    ? (url: string) => readSaved(source, url)
    : (url: string) => fetchText(url, policy);
  const indexUrl = folder ? "https://docs.keyapi.ai/llms.txt" : source;
  // The saved index under a page's rules: inside the folder, a regular file, bounded.
  const indexText = folder
    ? await readSaved(source, indexUrl).catch((error: Error) => {
        throw new FetchError(`llms.txt: ${error.message}`);
      })
    : await fetchText(source, policy);
  // Pages of the index's own site only (a saved copy: of the one site its links name), the
  // fragment dropped; a page listed in any required section is required, even when an Optional
  // section lists it too.
  const all = parseIndex(indexText, indexUrl);
  const origin = new URL(folder ? (all[0]?.url ?? indexUrl) : indexUrl).origin;
  const foreign = all.filter((e) => new URL(e.url).origin !== origin);
  if (foreign.length)
    throw new FetchError(
      `the index links pages outside its site (${origin}): ${foreign
        .map((e) => e.url)
        .slice(0, 3)
        .join(", ")}`,
    );
  const byUrl = new Map<string, IndexEntry>();
  for (const entry of all.filter((e) => inLanguage(e, lang))) {
    const url = new URL(entry.url);
    url.hash = "";
    const seen = byUrl.get(url.href);
    if (!seen || (isOptional(seen) && !isOptional(entry)))
      byUrl.set(url.href, { ...entry, url: url.href });
  }
  const unique = [...byUrl.values()];
  if (unique.length > MAX_PAGES)
    throw new FetchError(`the index links ${unique.length} pages, more than ${MAX_PAGES}`);
  const pages: (RawPage | undefined)[] = new Array(unique.length);
  const failures: SiteRead["failures"] = [];
  const skipped: string[] = [];
  let next = 0;
  let done = 0;
  const worker = async () => {
    for (let i = next++; i < unique.length; i = next++) {
      const entry = unique[i]!;
      try {
        const text = await read(entry.url);
        pages[i] = { ...entry, text, sha256: sha256(text) };
      } catch (error) {
        const gone =
          (error instanceof FetchError && error.gone) ||
          (error as NodeJS.ErrnoException).code === "ENOENT";
        if (isOptional(entry)) skipped.push(entry.url);
        else failures.push({ url: entry.url, why: (error as Error).message, gone });
      }
      onProgress?.(++done, unique.length);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return {
    index: folder ? path.join(source, "llms.txt") : source,
    pages: pages.filter((p): p is RawPage => p !== undefined),
    failures: failures.sort((a, b) => (a.url < b.url ? -1 : 1)),
    skipped,
  };
}
