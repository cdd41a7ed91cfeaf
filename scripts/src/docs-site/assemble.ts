import { whyNotDocumentShape } from "./document-shape.js";
import { DEFAULT_POLICY, FetchError, fetchText, type FetchPolicy } from "./fetch-text.js";
import type { Manifest } from "./manifest.js";
import { mergePages, type SourcedPage } from "./merge.js";
import { PageError, parsePage } from "./page.js";
import { readSite, type RawPage, type ReadOptions } from "./read-site.js";
import { sha256 } from "../spec/sha256.js";

/** The vendor's document assembled from its docs site, with where each operation came from. */
export interface Assembled {
  doc: Record<string, unknown>;
  manifest: Manifest;
  /** Said to the user; nothing to refuse (an Optional page skipped, a page kept off-index). */
  warnings: string[];
}

/** The update is refused: every page that could not be taken, each with its reason. */
export class SiteError extends Error {
  override name = "SiteError";
}

/**
 * Reads the docs site (its llms.txt URL, or a folder of saved pages) into one OpenAPI document.
 * Refuses, naming each page and its reason, when any page other than an Optional one cannot be
 * fetched or parsed, or points outside itself with a `$ref`: a transient failure must never look
 * like an operation removed. An operation of the last sync (`previous`) whose page left the index
 * is looked up at its own URL: a page that still answers keeps it (with a warning), only a page
 * that is gone (404) is a removal.
 */
export async function assembleSite(
  source: string,
  options: ReadOptions & { previous?: Manifest | undefined } = {},
): Promise<Assembled> {
  const { lang = "en", policy = DEFAULT_POLICY, previous } = options;
  const site = await readSite(source, options);
  // An operation page of the last sync must still be one: a page that now fails (even in an
  // Optional section) or answers without its block refuses, never reads as a removal.
  const known = new Map((previous?.pages ?? []).map((p) => [p.url, p.operation]));
  const warnings = site.skipped
    .filter((url) => !known.has(url))
    .map((url) => `skipped ${url} (an Optional page that failed)`);
  const failures = [
    ...site.failures.map((f) => `${f.url}: ${f.why}`),
    ...site.skipped
      .filter((url) => known.has(url))
      .map((url) => `${url}: failed, and it held ${known.get(url)} at the last sync`),
  ];
  const raw: RawPage[] = [...site.pages];
  const listed = new Set([...raw.map((p) => p.url), ...site.failures.map((f) => f.url)]);
  for (const old of previous?.pages ?? []) {
    // Only a page of the site being read can be looked up: not from a saved folder, not a file
    // a spec came from, not another site's (a mirror, a fixture), which this sync never reaches.
    if (listed.has(old.url) || !/^https?:/.test(source) || !/^https?:/.test(old.url)) continue;
    if (new URL(old.url).origin !== new URL(source).origin) continue;
    try {
      const text = await fetchText(old.url, policy as FetchPolicy);
      raw.push({ section: "", title: old.operation, url: old.url, text, sha256: sha256(text) });
      warnings.push(`${old.operation}: its page is not in the index but still answers: kept`);
    } catch (error) {
      if (!(error instanceof FetchError && error.gone))
        failures.push(`${old.url} (not in the index): ${(error as Error).message}`);
    }
  }
  const pages: (SourcedPage & { sha256: string })[] = [];
  for (const page of raw) {
    try {
      const parsed = parsePage(page.text);
      if (!parsed && known.has(page.url))
        throw new PageError(`no spec block, but it held ${known.get(page.url)} at the last sync`);
      if (!parsed) continue; // a prose page: no spec block
      const shape = whyNotDocumentShape(parsed.doc);
      if (shape) throw new PageError(`its spec block has ${shape}`);
      pages.push({ ...parsed, url: page.url, sha256: page.sha256 });
    } catch (error) {
      if (!(error instanceof PageError)) throw error;
      failures.push(`${page.url}: ${error.message}`);
    }
  }
  // One operation, one cost: two pages that price it differently are a conflict, like any other.
  const priced = new Map<string, SourcedPage & { sha256: string }>();
  for (const page of pages) {
    const before = priced.get(page.operation);
    if (before && before.credits !== page.credits)
      failures.push(
        `${page.operation} costs ${before.credits} on ${before.url} but ${page.credits} on ${page.url}`,
      );
    else if (!before) priced.set(page.operation, page);
  }
  if (failures.length)
    throw new SiteError(
      `${failures.length} page(s) could not be taken, so nothing was written:\n` +
        failures.map((f) => `  - ${f}`).join("\n"),
    );
  let doc: Record<string, unknown>;
  try {
    doc = mergePages(pages);
  } catch (error) {
    throw new SiteError((error as Error).message);
  }
  const manifest: Manifest = {
    index: /^https?:/.test(source) ? source : "llms.txt (a saved copy of the site)",
    lang,
    pages: [...priced.values()].map(({ operation, url, sha256: hash, credits }) => ({
      operation,
      url,
      sha256: hash,
      credits,
    })),
  };
  return { doc, manifest, warnings };
}
