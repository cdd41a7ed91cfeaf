import { apiCompare } from "api-smart-diff";
import { resolveRef, type Json } from "../codegen/openapi-model.js";
import { NAMES } from "../docs-site/document-shape.js";
import { pointerToken } from "../json-pointer.js";

/** How a change reaches a consumer of the generated SDK. */
export type ChangeKind = "breaking" | "additive" | "docs";

export interface SpecChange {
  kind: ChangeKind;
  /** `GET /v1/...` when the change is inside an operation. */
  operation: string | undefined;
  /** JSON pointer-ish location inside the effective spec. */
  location: string;
  description: string;
  /** api-smart-diff's own verdict, kept to show where our rules overrule it. */
  library: string;
}

export type Bump = "major" | "minor" | "patch" | "none";

interface Diff {
  action: "add" | "remove" | "replace" | "rename";
  type: string;
  path: (string | number)[];
  before?: unknown;
  after?: unknown;
  description?: string;
}

const DOC_KEYS = new Set([
  "description",
  "summary",
  "title",
  "example",
  "examples",
  "externalDocs",
  "x-codeSamples",
  "deprecated",
  "tags",
  "info",
  "servers",
]);
const METHODS = new Set(["get", "put", "post", "delete", "options", "head", "patch", "trace"]);

/**
 * Where a change sits in an operation: the index of its `parameters` (an operation's, or its path
 * item's) or `responses` key, -1 if none. Only those places: a request-body field named
 * `parameters` is a field (read as a parameter, a tightened one was called additive).
 */
function placeOf(p: string[]): { params: number; responses: number; body: number } {
  const none = { params: -1, responses: -1, body: -1 };
  if (p[0] !== "paths") return none;
  if (p[2] === "parameters") return { ...none, params: 2 };
  if (p[2] === undefined || !METHODS.has(p[2])) return none;
  return {
    params: p[3] === "parameters" ? 3 : -1,
    responses: p[3] === "responses" ? 3 : -1,
    body: p[3] === "requestBody" ? 3 : -1,
  };
}

/**
 * Whether keyword `k` sits at index `i` as a keyword, not as a name the spec gives (a field in
 * `properties`, a schema in `schemas`, a header…).
 */
const keywordAt = (p: string[], i: number, k: string) => p[i] === k && !NAMES.has(p[i - 1]!);
const hasKeyword = (p: string[], k: string) => p.some((_, i) => keywordAt(p, i, k));

/** A bound of a value the caller sends, moved: tighter breaks callers, looser does not. */
function boundKind(d: Diff, last: string): ChangeKind | undefined {
  if (last === "minimum" || last === "minLength" || last === "minItems")
    return d.action === "add" || Number(d.after) > Number(d.before) ? "breaking" : "additive";
  if (last === "maximum" || last === "maxLength" || last === "maxItems")
    return d.action === "add" || Number(d.after) < Number(d.before) ? "breaking" : "additive";
  return undefined;
}

/**
 * Our consumer-side rules, applied to each api-smart-diff change. The library's verdicts are
 * written for API providers and are wrong for an SDK consumer in places that matter here: it
 * calls a parameter's type change and a removed response property non-breaking, and a
 * response property that became optional breaking only by accident of wording.
 */
export function classifyDiff(d: Diff): ChangeKind {
  const p = d.path.map(String);
  const last = p.at(-1)!;
  const { action } = d;
  // A keyword, not a name: a response field named `title` or `tags` is a field, and removing it
  // breaks whoever reads it.
  if (p.some((k, i) => DOC_KEYS.has(k) && keywordAt(p, i, k))) return "docs";
  if (
    p[0] === "security" ||
    p.includes("security") ||
    (p[0] === "components" && p[1] === "securitySchemes")
  )
    return "breaking";
  if (p[0] === "paths" && (p.length === 2 || (p.length === 3 && METHODS.has(p[2]!)))) {
    return action === "add" ? "additive" : "breaking";
  }
  const { params, responses, body } = placeOf(p);
  if (params >= 0) {
    if (p.length === params + 2) {
      // A whole parameter: new optional ones are additive; required or removed ones break callers.
      if (action === "add")
        return (d.after as { required?: boolean })?.required ? "breaking" : "additive";
      return "breaking";
    }
    if (last === "required") return d.after === true ? "breaking" : "additive";
    if (hasKeyword(p, "enum")) return action === "remove" ? "breaking" : "additive";
    return boundKind(d, last) ?? "breaking"; // type, format, style, name, location: callers' values or code stop fitting
  }
  if (body >= 0) {
    // What the caller sends: a new field it may leave out is additive; a field removed breaks
    // typed callers that pass it (an excess property), and one now required breaks the rest.
    if (p.length === body + 1)
      return action === "add" && !(d.after as { required?: boolean })?.required
        ? "additive"
        : "breaking";
    if (keywordAt(p, p.length - 2, "required"))
      return action === "remove" ? "additive" : "breaking";
    if (keywordAt(p, p.length - 2, "properties")) return action === "add" ? "additive" : "breaking";
    if (hasKeyword(p, "enum")) return action === "remove" ? "breaking" : "additive";
    return boundKind(d, last) ?? "breaking";
  }
  if (responses >= 0) {
    if (p.length === responses + 2) return action === "add" ? "additive" : "breaking"; // a status
    // A field named `required` or `enum` is a field: only the keywords are lists.
    if (keywordAt(p, p.length - 2, "required")) return action === "add" ? "additive" : "breaking"; // made optional
    if (keywordAt(p, p.length - 2, "properties")) return action === "add" ? "additive" : "breaking";
    if (hasKeyword(p, "enum")) return action === "add" ? "additive" : "breaking";
    if (last === "nullable") return d.after === true ? "breaking" : "additive";
    return "breaking"; // type or shape changed under consumers' code
  }
  if (p[0] === "components" && p[1] === "schemas") {
    // Reached only for unreferenced schemas: api-smart-diff inlines referenced ones.
    return action === "add" ? "additive" : "breaking";
  }
  if (p[0] === "x-keyapi-credits" || p.includes("x-keyapi-credits") || p.includes("x-pagination"))
    return "additive";
  return d.type === "breaking" ? "breaking" : d.type === "annotation" ? "docs" : "additive";
}

/** What a local `$ref` points at; anything else, or a ref that cannot be followed, as it is. */
function refTarget(doc: Json, value: unknown): unknown {
  try {
    return resolveRef(doc, value);
  } catch {
    return value;
  }
}

const show = (v: unknown) => (v === undefined ? "∅" : JSON.stringify(v).slice(0, 60));

/** `properties.data.items.properties.sku_id` → `data[].sku_id`. */
function schemaPath(parts: string[]): string {
  let out = "";
  for (let i = 0; i < parts.length; i++) {
    if (parts[i] === "properties" && parts[i + 1] !== undefined)
      out += (out ? "." : "") + parts[++i];
    else if (parts[i] === "items") out += "[]";
    else out += (out ? "." : "") + parts[i];
  }
  return out;
}

/** A sentence a reviewer can read without opening the spec. */
function describe(d: Diff, before: any, after: any): string {
  const p = d.path.map(String);
  const verb = { add: "added", remove: "removed", replace: "changed", rename: "renamed" }[d.action];
  const change = d.action === "replace" ? `: ${show(d.before)} → ${show(d.after)}` : ` ${verb}`;
  if (p[0] === "paths" && (p.length === 2 || p.length === 3)) return `operation ${verb}`;
  // A cost is money: a rise means fewer calls under the same `maxCredits` (a minor release).
  if (p.at(-1) === "x-keyapi-credits")
    return `cost a request${d.action === "replace" ? `: ${show(d.before)} → ${show(d.after)} credits` : ` ${verb}`}`;
  const { params, responses } = placeOf(p);
  if (params >= 0) {
    const rest = p.slice(params + 2);
    // api-smart-diff matches parameters by name and place: one it removed or added is the diff's
    // own value, and a change inside one indexes the base's array (what it added is numbered
    // after the base's last), so the head's array at that index may hold another parameter.
    const at = (doc: any) =>
      refTarget(
        doc,
        p.slice(0, params + 2).reduce((n, k) => n?.[k], doc),
      );
    const prm: { in?: string; name?: string; required?: boolean } =
      (rest.length ? (at(before) ?? at(after)) : d.action === "remove" ? d.before : d.after) ?? {};
    if (!rest.length)
      return `${prm.in ?? ""} parameter \`${prm.name}\` ${verb}${d.action === "add" ? (prm.required ? " (required)" : " (optional)") : ""}`;
    return `${prm.in ?? ""} parameter \`${prm.name}\`: ${rest.join(".")}${change}`;
  }
  if (responses >= 0) {
    const status = p[responses + 1];
    const schema = p.indexOf("schema");
    if (schema < 0)
      return `response ${status}${p.length > responses + 2 ? " " + p.slice(responses + 2).join(".") : ""}${change}`;
    const inner = p.slice(schema + 1);
    if (keywordAt(inner, inner.length - 2, "required")) {
      const prop = schemaPath(inner.slice(0, -2));
      const name = String(d.action === "remove" ? d.before : d.after);
      return `response ${status}: \`${prop ? prop + "." : ""}${name}\` ${d.action === "remove" ? "made optional" : "made required"}`;
    }
    return `response ${status}: \`${schemaPath(inner) || "body"}\`${change}`;
  }
  return `${p.join(".")}${change}`;
}

/** Classifies every change between two effective specs, from a client consumer's side. */
export function diffSpecs(before: any, after: any): SpecChange[] {
  // apiCompare resolves $refs in place: it gets copies, so callers keep their documents, and
  // the descriptions read the copies, where a parameter given by `$ref` has its name.
  const base = structuredClone(before);
  const head = structuredClone(after);
  const { diffs } = apiCompare(base, head) as { diffs: Diff[] };
  return diffs.map((raw) => {
    // A parameter added or removed by `$ref` is read as what it points at (its name, whether
    // it is required).
    const d = { ...raw, before: refTarget(base, raw.before), after: refTarget(head, raw.after) };
    const p = d.path.map(String);
    const kind = classifyDiff(d);
    return {
      kind,
      operation:
        p[0] === "paths" && p[2] && METHODS.has(p[2])
          ? `${p[2].toUpperCase()} ${p[1]}`
          : p[0] === "paths"
            ? p[1]
            : undefined,
      location: "/" + p.map(pointerToken).join("/"),
      description: describe(d, base, head),
      library: d.type,
    };
  });
}

/** The semver bump the changes imply for the generated packages. */
export function bumpFor(changes: SpecChange[]): Bump {
  if (changes.some((c) => c.kind === "breaking")) return "major";
  if (changes.some((c) => c.kind === "additive")) return "minor";
  return changes.length ? "patch" : "none";
}
