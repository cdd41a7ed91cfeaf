import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { sha256 } from "../spec/sha256.js";
import { DEFAULT_POLICY, FetchError, fetchText, type FetchPolicy } from "./fetch-text.js";
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
  const { lang = "en", policy = DEFAULT_POLICY, onProgress } = options;
  const concurrency = Math.min(4, Math.max(1, options.concurrency ?? 4));
  const folder = await isFolder(source);
  const read = folder
    ? (url: string) =>
        readFile(path.join(source, decodeURIComponent(new URL(url).pathname)), "utf8")
    : (url: string) => fetchText(url, policy);
  const indexUrl = folder ? "https://docs.keyapi.ai/llms.txt" : source;
  const indexText = folder
    ? await readFile(path.join(source, "llms.txt"), "utf8")
    : await fetchText(source, policy);
  const entries = parseIndex(indexText, indexUrl).filter((e) => inLanguage(e, lang));
  const unique = [...new Map(entries.map((e) => [e.url, e])).values()];
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
