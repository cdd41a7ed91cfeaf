import type { OperationRef } from "./openapi-model.js";

function words(text: string): string[] {
  return text
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
}

export function pascalCase(text: string): string {
  return words(text)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join("");
}

/**
 * `/v1/tiktok/product/reviews/analytics` → `ProductReviewsAnalytics`; `{id}` segments read
 * as `ById`. GET takes the bare name and other methods a verb prefix, so adding a POST to a
 * path never renames the existing GET's types.
 */
export function nameFromPath(path: string, method: string, prefix: string): string {
  const rest = path.startsWith(prefix) ? path.slice(prefix.length) : path;
  const parts = rest
    .split("/")
    .filter(Boolean)
    .map((seg) => (seg.startsWith("{") ? `By ${seg.slice(1, -1)}` : seg));
  let name = pascalCase(parts.join(" ")) || "Root";
  if (method !== "get") name = pascalCase(method) + name;
  return /^[0-9]/.test(name) ? `Op${name}` : name;
}

/** Assigns each operation a unique TypeScript name; `x-sdk-name` in the spec wins. */
export function assignNames(ops: OperationRef[], prefix: string): string[] {
  const taken = new Map<string, string>();
  return ops.map((op) => {
    const explicit = op.operation["x-sdk-name"];
    const name = typeof explicit === "string" ? explicit : nameFromPath(op.path, op.method, prefix);
    const where = `${op.method.toUpperCase()} ${op.path}`;
    const clash = taken.get(name);
    if (clash) {
      throw new Error(
        `operations ${clash} and ${where} both derive the name ${name}: give one an x-sdk-name in an overlay`,
      );
    }
    taken.set(name, where);
    return name;
  });
}
