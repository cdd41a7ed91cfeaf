import { apiCompare } from "api-smart-diff";
import { resolveRef, type Json } from "../codegen/openapi-model.js";
import { isDataKey, placeAlong, placeIn, ROOT, type Place } from "../docs-site/document-shape.js";
import { keyOfToken, pointerToken } from "../json-pointer.js";
import { hasKeyword, keywordAt } from "./keyword.js";
import { openRewrittenRefs } from "./open-refs.js";
import { wholeEnumChanges } from "./whole-enum.js";

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

export interface Diff {
  action: "add" | "remove" | "replace" | "rename";
  type: string;
  path: (string | number)[];
  before?: unknown;
  after?: unknown;
  description?: string;
  /**
   * An enum's first value added where the schema had no enum, or its last removed where the
   * schema keeps none: api-smart-diff reports both as a value's change.
   */
  wholeEnum?: boolean;
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

/** A bound of a value the caller sends, moved: tighter breaks callers, looser does not. */
function boundKind(d: Diff, last: string): ChangeKind | undefined {
  if (last === "minimum" || last === "minLength" || last === "minItems")
    return d.action === "add" || Number(d.after) > Number(d.before) ? "breaking" : "additive";
  if (last === "maximum" || last === "maxLength" || last === "maxItems")
    return d.action === "add" || Number(d.after) < Number(d.before) ? "breaking" : "additive";
  return undefined;
}

/**
 * An enum of a value the caller sends: a list put on a field narrows what it takes (breaking), a
 * list taken off widens it; a value added to the list widens it, one removed or changed narrows.
 */
function sentEnumKind({ action, wholeEnum }: Diff, p: string[]): ChangeKind {
  // A `const` is an enum of one.
  if (keywordAt(p, p.length - 1, "const")) return action === "remove" ? "additive" : "breaking";
  if (wholeEnum || keywordAt(p, p.length - 1, "enum"))
    return action === "remove" ? "additive" : "breaking";
  return action === "add" ? "additive" : "breaking";
}

/**
 * What a change to the values or bounds of what the caller sends does to it. Under a `not` (an
 * odd number of them), what the schema lists is what the caller may not send: the verdict turns.
 */
function sentKind(d: Diff, p: string[], last: string): ChangeKind | undefined {
  if (limitsValues(p)) {
    // A value changed (not added or taken out) both narrows and widens: breaking either way.
    const kind = sentEnumKind(d, p);
    return d.action === "replace" ? kind : turnedUnderNot(kind, p);
  }
  // A `not` put on refuses more; taken off, less.
  if (keywordAt(p, p.length - 1, "not"))
    return turnedUnderNot(d.action === "remove" ? "additive" : "breaking", p);
  return turnedUnderNot(boundKind(d, last), p);
}

/** A verdict on what the caller sends, turned under an odd number of `not`s above the change. */
function turnedUnderNot(kind: ChangeKind | undefined, p: string[]): ChangeKind | undefined {
  const nots = p.filter((k, i) => k === "not" && i < p.length - 1 && keywordAt(p, i, k)).length;
  if (nots % 2 === 0 || !kind) return kind;
  return kind === "breaking" ? "additive" : "breaking";
}

/** A change to the values a place allows: an enum's, or its `const`. */
const limitsValues = (p: string[]) => hasKeyword(p, "enum") || keywordAt(p, p.length - 1, "const");

/** Keywords whose value is data the spec gives, not more of the spec. */
const VALUES = new Set(["enum", "const", "default", "example", "examples"]);

/**
 * A change inside a value the spec gives, read as the value's: in an example, docs; inside an
 * enum's value, a const or a default (an object's key, a list's item), the value changed, which
 * breaks whichever side sends or reads it. Never as the keywords the value happens to hold
 * (`const: { maximum: 5 }` is no bound, `enum: [{ description }]` no docs).
 */
function insideValue(p: string[]): ChangeKind | undefined {
  const i = p.findIndex((k, j) => VALUES.has(k) && keywordAt(p, j, k));
  if (i < 0) return undefined;
  // Under docs or an `x-` extension (`info.x-meta.default`), the value is theirs: their rules.
  if (p.slice(0, i).some((k, j) => (DOC_KEYS.has(k) || k.startsWith("x-")) && keywordAt(p, j, k)))
    return undefined;
  if (p[i] === "example" || p[i] === "examples") return "docs";
  // Below the keyword: 1 is one of an enum's values (its own rules), more is inside one.
  const depth = p.length - 1 - i;
  return depth > (p[i] === "enum" ? 1 : 0) ? "breaking" : undefined;
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
  const inside = insideValue(p);
  if (inside) return inside;
  // A keyword, not a name: a response field named `title` or `tags` is a field, and removing it
  // breaks whoever reads it.
  if (p.some((k, i) => DOC_KEYS.has(k) && keywordAt(p, i, k))) return "docs";
  // The keyword (the document's or an operation's), not a header or field named `security`.
  if (hasKeyword(p, "security") || (p[0] === "components" && p[1] === "securitySchemes"))
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
    // Otherwise type, format, style, name, location: callers' values or code stop fitting.
    return sentKind(d, p, last) ?? "breaking";
  }
  if (body >= 0) {
    // What the caller sends: a new field it may leave out is additive; a field removed breaks
    // typed callers that pass it (an excess property), and one now required breaks the rest.
    if (p.length === body + 1)
      return action === "add" && !(d.after as { required?: boolean })?.required
        ? "additive"
        : "breaking";
    // A media type the body may now also be sent as: the caller's JSON still goes.
    if (p[body + 1] === "content" && p.length === body + 3)
      return action === "add" ? "additive" : "breaking";
    if (keywordAt(p, p.length - 2, "required"))
      return turnedUnderNot(action === "remove" ? "additive" : "breaking", p)!;
    if (keywordAt(p, p.length - 2, "properties")) return action === "add" ? "additive" : "breaking";
    return sentKind(d, p, last) ?? "breaking";
  }
  if (responses >= 0) {
    if (p.length === responses + 2) return action === "add" ? "additive" : "breaking"; // a status
    // A whole media type or header of a response: the client reads JSON and the headers it
    // knows, so a new one changes nothing it reads, and a removed one may be read.
    // A response's first body or first headers (`content`, `headers` added whole) likewise.
    if (
      (p.length === responses + 3 || p.length === responses + 4) &&
      (p[responses + 2] === "content" || p[responses + 2] === "headers")
    )
      return action === "add" ? "additive" : "breaking";
    // A field named `required` or `enum` is a field: only the keywords are lists.
    // A name taken out of `required` lets the body leave the field out; under a `not`, a name
    // put in lets a body carry what it could not.
    if (keywordAt(p, p.length - 2, "required"))
      return turnedUnderNot(action === "add" ? "additive" : "breaking", p)!;
    if (keywordAt(p, p.length - 2, "properties")) return action === "add" ? "additive" : "breaking";
    // A const or an enum put on what comes back narrows it; taken off, anything may come.
    if (limitsValues(p)) return action === "add" ? "additive" : "breaking";
    if (last === "nullable") return d.after === true ? "breaking" : "additive";
    return "breaking"; // type or shape changed under consumers' code
  }
  if (p[0] === "components" && p[1] === "schemas") {
    // An unreferenced schema (a referenced one's changes are read where it is used).
    return action === "add" ? "additive" : "breaking";
  }
  if (hasKeyword(p, "x-keyapi-credits") || hasKeyword(p, "x-pagination")) return "additive";
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

/**
 * A schema location as the field it is about and the keywords past it:
 * `properties.data.items.properties.rating.enum.5` → `data[].rating` and `enum.5`.
 */
function schemaPath(parts: string[]): { field: string; tail: string } {
  let field = "";
  let i = 0;
  for (; i < parts.length; i++) {
    if (parts[i] === "properties" && parts[i + 1] !== undefined)
      field += (field ? "." : "") + parts[++i];
    else if (parts[i] === "items") field += "[]";
    else break;
  }
  return { field, tail: parts.slice(i).join(".") };
}

/** A sentence a reviewer can read without opening the spec. */
function describe(d: Diff, before: any, after: any): string {
  const p = d.path.map(String);
  const verb = { add: "added", remove: "removed", replace: "changed", rename: "renamed" }[d.action];
  const change = d.action === "replace" ? `: ${show(d.before)} → ${show(d.after)}` : ` ${verb}`;
  if (p[0] === "paths" && (p.length === 2 || p.length === 3)) return `operation ${verb}`;
  // A cost is money: a rise means fewer calls under the same `maxCredits` (a minor release).
  if (keywordAt(p, p.length - 1, "x-keyapi-credits"))
    return `cost a request${d.action === "replace" ? `: ${show(d.before)} → ${show(d.after)} credits` : ` ${verb}`}`;
  const { params, responses, body } = placeOf(p);
  /** A body from `at` (its `content`): a field of its schema, a whole media type, or its keys. */
  const inBody = (at: number) => {
    if (p[at] === "content" && p[at + 2] === "schema") {
      const inner = p.slice(at + 3);
      if (keywordAt(inner, inner.length - 2, "required")) {
        const { field, tail } = schemaPath(inner.slice(0, -2));
        const name = String(d.action === "remove" ? d.before : d.after);
        // Under another keyword (`not`, `oneOf.1`) a name listed is not a field made required.
        if (tail) return `: \`${field || "body"}\` ${tail}.required: \`${name}\` ${verb}`;
        return `: \`${field ? field + "." : ""}${name}\` made ${d.action === "remove" ? "optional" : "required"}`;
      }
      const { field, tail } = schemaPath(inner);
      return `: \`${field || "body"}\`${tail ? ` ${tail}` : ""}${change}`;
    }
    if (p[at] === "content" && p.length === at + 2) return ` media type \`${p[at + 1]}\`${change}`;
    return `${p.length > at ? ` ${p.slice(at).join(".")}` : ""}${change}`;
  };
  if (body >= 0) return `request body${inBody(body + 1)}`;
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
    if (p[responses + 2] === "headers" && p[responses + 3] !== undefined) {
      const rest = p.slice(responses + 4);
      return `response ${status} header \`${p[responses + 3]}\`${rest.length ? `: ${rest.join(".")}` : ""}${change}`;
    }
    return `response ${status}${inBody(responses + 2)}`;
  }
  return `${p.join(".")}${change}`;
}

/** What api-smart-diff prints when one of its own verdict rules throws. */
const LIBRARY_RULE_ERROR = "Classification Rule error";

/**
 * api-smart-diff's own verdict rules throw on some nodes (its rule for a `required` name reads
 * that property's `default`, and under a `not` there is no property) and print each to stderr.
 * Every verdict we give is our own rule's (`classifyDiff`): those lines tell the reader nothing,
 * so they are held back while the (synchronous) comparison runs; any other line passes.
 */
function compareQuietly(base: unknown, head: unknown): { diffs: Diff[] } {
  const print = console.error;
  console.error = (...args: unknown[]) => {
    if (!(typeof args[0] === "string" && args[0].startsWith(LIBRARY_RULE_ERROR))) print(...args);
  };
  try {
    return apiCompare(base, head) as { diffs: Diff[] };
  } finally {
    console.error = print;
  }
}

/** Classifies every change between two effective specs, from a client consumer's side. */
export function diffSpecs(before: any, after: any): SpecChange[] {
  // apiCompare resolves $refs in place: it gets copies, so callers keep their documents, and
  // the descriptions read the copies, where a parameter given by `$ref` has its name.
  const base = structuredClone(before);
  const head = structuredClone(after);
  const cycles = openRewrittenRefs(base, head);
  const within = (p: (string | number)[], at: string[]) => at.every((k, i) => String(p[i]) === k);
  const { diffs } = compareQuietly(base, head);
  // api-smart-diff reports a change to a referenced component where it is used and again at the
  // component: the uses say which operations it reaches, so the component's own copy goes.
  // Used in both versions: a component one version's operations do not use is reported at the
  // component (a field removed from one a new operation starts to use was lost).
  const usedAfter = referenced(after);
  const used = new Set([...referenced(before)].filter((c) => usedAfter.has(c)));
  const seenOnce = diffs.filter(
    ({ path, path: [top, kind, name] }) =>
      (top !== "components" || kind === "securitySchemes" || !used.has(`${kind}/${name}`)) &&
      !cycles.some((at) => within(path, at)),
  );
  const wholeEnums = wholeEnumChanges(seenOnce, base);
  return seenOnce.map((raw) => {
    // A parameter added or removed by `$ref` is read as what it points at (its name, whether
    // it is required).
    const d = {
      ...raw,
      before: refTarget(base, raw.before),
      after: refTarget(head, raw.after),
      wholeEnum: wholeEnums.has(raw),
    };
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

/**
 * Every component the document's operations use, as `schemas/Name`: the `$ref`s reachable from
 * `paths`, through the components they reach. Only those are inlined where they are used, so
 * only their own reports are repeats; a component used by nothing, by a webhook, or only in part
 * (`#/components/schemas/X/properties/y`) is still reported at the component. A `$ref` inside an
 * example or an enum is a value, not a use.
 */
function referenced(doc: any): Set<string> {
  const used = new Set<string>();
  const seen = new Set<unknown>();
  const stack: { node: unknown; at: Place }[] = [{ node: doc?.paths, at: placeIn(ROOT, "paths") }];
  while (stack.length) {
    const { node, at } = stack.pop()!;
    if (!node || typeof node !== "object" || seen.has(node)) continue;
    seen.add(node);
    const ref = (node as { $ref?: unknown }).$ref;
    if (typeof ref === "string" && ref.startsWith("#/components/")) {
      const tokens = ref.slice("#/components/".length).split("/");
      try {
        const keys = tokens.map(keyOfToken);
        const [kind, name] = keys;
        if (kind && name && keys.length === 2) used.add(`${kind}/${name}`);
        const target = keys.reduce((n, t) => n?.[t], doc?.components);
        stack.push({ node: target, at: placeAlong(["components", ...keys]) });
      } catch {
        // A pointer with broken percent-encoding points at nothing.
      }
    }
    for (const [k, value] of Object.entries(node))
      if (!isDataKey(k, value, at)) stack.push({ node: value, at: placeIn(at, k) });
  }
  return used;
}

/** The semver bump the changes imply for the generated packages. */
export function bumpFor(changes: SpecChange[]): Bump {
  if (changes.some((c) => c.kind === "breaking")) return "major";
  if (changes.some((c) => c.kind === "additive")) return "minor";
  return changes.length ? "patch" : "none";
}
