import { fixtureSpec } from "./fixture-site.js";

// A site the size of the vendor's (about 78 operations; 43 pages known, 12 of them at 2
// credits), stamped from the shapes of the multi-operation fixture (ours): page lists, a list
// nested in `data`, a path parameter, an object, a JSON body, an offset walk. Only the paths of
// the 2-credit operations are the vendor's (from their pages' headers, as listed in the
// project's notes on the vendor); every schema here is the fixture's.

type Doc = Record<string, any>;

/** The operations whose docs pages say "2 credits per request". */
export const TWO_CREDIT_PATHS = [
  "/v1/tiktok/insights/ads",
  "/v1/tiktok/insights/ads/detail",
  "/v1/tiktok/insights/product/detail",
  "/v1/tiktok/insights/products",
  "/v1/tiktok/shop/products",
  "/v1/tiktok/trending/hashtag/detail",
  "/v1/tiktok/trending/hashtags",
  "/v1/tiktok/trending/music",
  "/v1/tiktok/trending/music/detail",
  "/v1/tiktok/trending/videos",
  "/v1/tiktok/video/comments/keywords",
  "/v1/tiktok/video/trends",
];

const GROUPS = ["influencer", "shop", "content", "intelligence"];
/** The fixture's operation of each shape: [path, method]. */
const SHAPES = {
  list: ["/v1/tiktok/shop/products", "get"],
  detail: ["/v1/tiktok/influencer/detail", "get"],
  nested: ["/v1/tiktok/video/{video_id}/comments", "get"],
  enumList: ["/v1/tiktok/hashtag/trending", "get"],
  body: ["/v1/tiktok/product/image-search", "post"],
  offset: ["/v1/tiktok/product/reviews", "get"],
} as const;
type Shape = keyof typeof SHAPES;
const ROTATION: Shape[] = ["list", "detail", "nested", "enumList", "body", "offset"];

const title = (p: string) =>
  p
    .replace(/^\/v1\/tiktok\//, "")
    .replace(/\{[^}]+\}\//g, "")
    .split(/[/-]/)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join(" ");

/**
 * A spec of `count` operations in the vendor's style: the fixture's analytics reviews verbatim
 * (the hand overlay patches it), the twelve 2-credit paths, and operations of every shape in the
 * four groups. With `LARGE_COSTS`, the site `sitePages` writes from it.
 */
export async function largeSpec(count = 44): Promise<Doc> {
  const fixture = await fixtureSpec();
  const analytics = "/v1/tiktok/product/reviews/analytics";
  const paths: Doc = { [analytics]: fixture.paths[analytics] };
  for (let i = 0; Object.keys(paths).length < count; i++) {
    const known = TWO_CREDIT_PATHS[i];
    const shape: Shape = known
      ? known.endsWith("/detail")
        ? "detail"
        : i % 2
          ? "list"
          : "enumList"
      : ROTATION[i % ROTATION.length]!;
    const [from, method] = SHAPES[shape];
    const p =
      known ??
      `/v1/tiktok/${GROUPS[i % GROUPS.length]}/op-${i}${shape === "nested" ? "/{video_id}/comments" : ""}`;
    const operation = structuredClone(fixture.paths[from][method]);
    Object.assign(operation, {
      summary: title(p),
      operationId: `get_api_v3_${p.replace(/^\/v1\/tiktok\//, "").replace(/\W+/g, "_")}`,
    });
    paths[p] = { [method]: operation };
  }
  return { ...fixture, paths };
}

/** What the large site says each operation costs: the vendor's twelve at 2, the rest at 1. */
export const LARGE_COSTS: Record<string, number> = Object.fromEntries(
  TWO_CREDIT_PATHS.map((p) => [`GET ${p}`, 2]),
);
