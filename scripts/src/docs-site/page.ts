import { parse as parseYaml } from "yaml";

/** What one vendor docs page holds when it documents an operation. */
export interface OperationPage {
  /** `GET /v1/tiktok/product/reviews/analytics` */
  operation: string;
  method: string;
  path: string;
  /** Credits a request costs, from the page's header ("2 credits per request"). */
  credits: number;
  /** The page's OpenAPI document: that one operation and the shared sections. */
  doc: Record<string, unknown>;
}

/** A page that cannot be taken, with the reason, for the refusal that names every such page. */
export class PageError extends Error {
  override name = "PageError";
}

// The block's fence: ````yaml en/tiktok.openapi.json GET /v1/tiktok/...
const BLOCK =
  /^(`{3,})yaml[ \t]+\S+\.openapi\.json[ \t]+([A-Za-z]+)[ \t]+(\S+)[ \t]*\n([\s\S]*?)^\1[ \t]*$/m;

/**
 * Reads one docs page: undefined for a page without a spec block (introduction, authentication),
 * else its operation, cost and document. A block whose YAML does not parse, that does not hold the
 * operation its fence names, or a page without a cost in its header is a PageError.
 */
export function parsePage(text: string): OperationPage | undefined {
  // A markdown page, not a web page: an HTML answer (an error page, a bot challenge) is a page
  // that could not be read, never a prose page whose operation would then look removed.
  if (/^\s*<(!doctype|html)/i.test(text))
    throw new PageError("an HTML page, not the markdown page");
  const block = BLOCK.exec(text);
  if (!block) {
    if (/^`{3,}yaml/m.test(text)) throw new PageError("its spec block's fence names no operation");
    return undefined;
  }
  if (text.match(new RegExp(BLOCK.source, "gm"))!.length > 1)
    throw new PageError("more than one spec block");
  const [, , verb, path, yaml] = block;
  if (!path!.startsWith("/")) throw new PageError(`its fence names no path (${path})`);
  const method = verb!.toLowerCase();
  let doc: unknown;
  try {
    // maxAliasCount guards against billion-laughs documents: the pages are untrusted input.
    doc = parseYaml(yaml!, { maxAliasCount: 100 });
  } catch (error) {
    throw new PageError(
      `its spec block is not YAML: ${String((error as Error).message).split("\n")[0]}`,
    );
  }
  const operation = (doc as { paths?: Record<string, Record<string, unknown>> })?.paths?.[path!]?.[
    method
  ];
  if (!operation || typeof operation !== "object")
    throw new PageError(`its spec block does not hold ${verb!.toUpperCase()} ${path}`);
  return {
    operation: `${verb!.toUpperCase()} ${path}`,
    method,
    path: path!,
    credits: costOf(text.slice(0, block.index)),
    doc: doc as Record<string, unknown>,
  };
}

/** More than any KeyAPI operation costs; a header past it is misread, not a price. */
const MAX_COST = 1_000;

/**
 * The cost stated in the page's header (above its first `## ` section, markup removed): exactly
 * one "N credit(s) per request", N a whole number 1..1000. A decimal, a separator, a second
 * cost or none is a page that cannot be taken, never a guess.
 */
export function costOf(above: string): number {
  const header = above.split(/^## /m)[0]!.replace(/<[^>]*>/g, " ");
  const costs = [...header.matchAll(/(\S*?)(\d+)\s*credits?\s+per\s+request/gi)];
  if (costs.length === 0)
    throw new PageError('its header states no cost ("N credits per request")');
  if (costs.length > 1) throw new PageError("its header states more than one cost");
  const [, before, digits] = costs[0]!;
  const n = Number(digits);
  if (/[\d.,-]$/.test(before!) || !Number.isSafeInteger(n) || n < 1 || n > MAX_COST)
    throw new PageError(`its header's cost is not a whole number of credits from 1 to ${MAX_COST}`);
  return n;
}
