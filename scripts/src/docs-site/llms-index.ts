/** One link of an llms.txt index: `- [Title](url): summary` under a `## Section`. */
export interface IndexEntry {
  section: string;
  title: string;
  url: string;
}

/**
 * The links of an llms.txt index (llmstxt.org: an H1, then H2 sections of markdown link lists),
 * resolved against `base`. Links to anything but a page of the site (another host) are kept: the
 * caller decides what an operation page is.
 */
export function parseIndex(text: string, base: string): IndexEntry[] {
  const entries: IndexEntry[] = [];
  let section = "";
  for (const line of text.split(/\r?\n/)) {
    const heading = /^##\s+(.+?)\s*$/.exec(line);
    if (heading) {
      section = heading[1]!;
      continue;
    }
    const link = /^\s*[-*]\s*\[([^\]]*)\]\(([^)\s]+)\)/.exec(line);
    if (link && URL.canParse(link[2]!, base))
      entries.push({ section, title: link[1]!, url: new URL(link[2]!, base).href });
  }
  return entries;
}

/** By the llms.txt convention, a section titled `Optional` may be skipped. */
export const isOptional = (entry: IndexEntry): boolean => /^optional$/i.test(entry.section);

/**
 * The pages in the wanted language: the vendor publishes `/en/...` and Chinese copies under
 * `/zh/...`; prose pages of either are filtered later (they have no spec block).
 */
export const inLanguage = (entry: IndexEntry, lang: string): boolean =>
  new URL(entry.url).pathname.split("/")[1] === lang;
