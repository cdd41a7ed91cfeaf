import { isDeepStrictEqual } from "node:util";
import { PageError, type OperationPage } from "./page.js";

type Doc = Record<string, unknown>;
type Obj = Record<string, unknown>;

/** A page as the merge sees it: where it came from, and what it documents. */
export interface SourcedPage extends OperationPage {
  url: string;
}

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];
const SHARED = ["openapi", "info", "servers", "security"];
const ORDER = ["openapi", "info", "servers", "security", "tags", "paths", "components"];

const sortKeys = (o: Obj, order?: string[]): Obj =>
  Object.fromEntries(
    Object.entries(o).sort(([a], [b]) => {
      const [i, j] = order ? [order.indexOf(a), order.indexOf(b)] : [-1, -1];
      if (i !== j) return (i < 0 ? order!.length : i) - (j < 0 ? order!.length : j);
      return a < b ? -1 : a > b ? 1 : 0;
    }),
  );

/**
 * One document from the pages, each holding one operation and the shared sections. The same
 * operation on two pages must be identical, components of one name equal, the shared sections
 * (`openapi`, `info`, `servers`, `security`) and tags of one name the same everywhere; else the
 * merge is refused naming both pages. The result's order is fixed (paths and component names
 * sorted, methods in HTTP order), so the same pages always give the same bytes.
 */
export function mergePages(pages: SourcedPage[]): Doc {
  if (pages.length === 0) throw new PageError("no operation page was found in the index");
  const seen = new Map<string, { value: unknown; url: string }>();
  const claim = (key: string, value: unknown, url: string, what: string) => {
    const before = seen.get(key);
    if (!before) return seen.set(key, { value, url });
    if (!isDeepStrictEqual(before.value, value))
      throw new PageError(`${what} differs between ${before.url} and ${url}`);
  };
  // Keyed by names from untrusted pages: no prototype (a path or section named `__proto__`).
  const merged: Doc = Object.create(null) as Doc;
  const paths: Record<string, Obj> = Object.create(null) as Record<string, Obj>;
  const components: Record<string, Obj> = Object.create(null) as Record<string, Obj>;
  const fresh = () => Object.create(null) as Obj;
  const tags = new Map<string, unknown>();
  for (const page of pages) {
    const { doc, url } = page;
    for (const key of SHARED)
      if (doc[key] !== undefined) {
        claim(`shared ${key}`, doc[key], url, `the shared section \`${key}\``);
        merged[key] = doc[key];
      }
    for (const tag of (doc.tags as { name?: string }[] | undefined) ?? []) {
      claim(`tag ${tag.name}`, tag, url, `the tag \`${tag.name}\``);
      tags.set(String(tag.name), tag);
    }
    const item = (doc.paths as Record<string, Obj>)[page.path]!;
    const operation = item[page.method];
    claim(`operation ${page.operation}`, operation, url, `the operation ${page.operation}`);
    const target = (paths[page.path] ??= fresh());
    target[page.method] = operation;
    // The path item's own fields (parameters shared by its methods, a summary) belong to every
    // operation of the path: kept, and the same on every page that has them.
    for (const [key, value] of Object.entries(item))
      if (!METHODS.includes(key)) {
        claim(`path ${page.path} ${key}`, value, url, `\`${key}\` of the path ${page.path}`);
        target[key] = value;
      }
    for (const [section, entries] of Object.entries((doc.components as Obj | undefined) ?? {}))
      for (const [name, value] of Object.entries(entries as Obj)) {
        claim(`component ${section}.${name}`, value, url, `the component ${section}.${name}`);
        (components[section] ??= fresh())[name] = value;
      }
  }
  if (tags.size) merged.tags = [...tags.keys()].sort().map((name) => tags.get(name));
  merged.paths = Object.fromEntries(
    Object.keys(paths)
      .sort()
      .map((p) => [p, sortKeys(paths[p]!, METHODS)]),
  );
  if (Object.keys(components).length)
    merged.components = sortKeys(
      Object.fromEntries(Object.entries(components).map(([s, v]) => [s, sortKeys(v)])),
    );
  return sortKeys(merged, ORDER);
}
