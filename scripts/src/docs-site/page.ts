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
  const block = BLOCK.exec(text);
  if (!block) {
    if (/^`{3,}yaml/m.test(text)) throw new PageError("its spec block's fence names no operation");
    return undefined;
  }
  const [, , verb, path, yaml] = block;
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
  // The header is everything above the block; its markup (`<span>1 credit</span>`) goes first.
  const header = text.slice(0, block.index).replace(/<[^>]*>/g, " ");
  const cost = /(\d+)\s*credits?\s+per\s+request/i.exec(header);
  if (!cost) throw new PageError('its header states no cost ("N credits per request")');
  return {
    operation: `${verb!.toUpperCase()} ${path}`,
    method,
    path: path!,
    credits: Number(cost[1]),
    doc: doc as Record<string, unknown>,
  };
}
