import { getAt } from "@keyapi-tiktok/types";
import { effectiveSpec } from "@keyapi-tiktok/types/spec";
import { defaultDatasetSize, item } from "./dataset.js";
import { cursorAt, sliceOf, type PageSlice } from "./page-slice.js";
import { readParams } from "./params.js";
import { hash, seededRandom } from "./random.js";
import { routes, type Route } from "./routes.js";
import { synth } from "./synth.js";

/** Options shared by the HTTP server and the MSW handlers. */
export interface MockOptions {
  /** Accepted keys; default: any `sk_test_…` or `sk_live_…` key. */
  apiKeys?: string[];
  /** Credit balance per key (a number applies to every key); spent → 402. Default unlimited. */
  credits?: number | Record<string, number>;
  /** Requests a second per key over a sliding second; more → 429 `qps limit exceeded`. */
  qps?: number;
  /** Delay before every answer. */
  latencyMs?: number;
  /** Random fault rates in [0, 1], drawn from the seeded generator. */
  faults?: { error500?: number; error503?: number; reset?: number; malformed?: number };
  /** Seed of the synthetic datasets and of random faults (default "keyapi"). */
  seed?: string;
  /** Items in the dataset for an id (default 20–500, stable per seed and id). */
  datasetSize?: number | ((id: string) => number);
}

/** What the transport (node:http or MSW) must do. */
export type MockAction =
  | { kind: "json"; status: number; body: object; headers?: Record<string, string> }
  | { kind: "raw"; status: number; text: string }
  | { kind: "reset" }
  | { kind: "truncate"; status: number; text: string };

/** What the mock has served so far. */
export interface MockStats {
  /** Requests received. */
  requests: number;
  /** Responses by HTTP status. */
  byStatus: Record<number, number>;
  /** Credits charged per key. */
  charged: Record<string, number>;
}

/** The parts of a request the mock reads: a Node request and a fetch Request both fit. */
export interface MockRequest {
  /** The HTTP method. */
  method: string;
  /** The full request URL. */
  url: URL;
  /** A request header, or null. */
  header(name: string): string | null;
  /** The JSON request body, parsed; undefined when none was sent. */
  body?: unknown;
}

/** Scripted faults for tests: send `x-mock-fault: <one of these>`. */
export const SCRIPTED_FAULTS = [
  "500",
  "503",
  "429",
  "envelope-429",
  "reset",
  "malformed",
  "truncated",
] as const;

const DEFAULT_KEY = /^sk_(test|live)_[A-Za-z0-9_]+$/;

/** The mock KeyAPI: spec-driven routing, auth, credits, qps, faults and synthetic data. */
export class MockApi {
  /** Live counters (see {@link MockStats}). */
  readonly stats: MockStats = { requests: 0, byStatus: {}, charged: {} };
  private readonly random: () => number;
  private readonly balances = new Map<string, number>();
  private readonly windows = new Map<string, number[]>();
  private counter = 0;

  /** The options it was created with: data, credits, QPS, latency and faults. */
  readonly options: MockOptions;

  /** @param options - every one has a default. */
  constructor(options: MockOptions = {}) {
    this.options = options;
    this.random = seededRandom(hash(options.seed ?? "keyapi", "faults"));
  }

  /** Decides the answer to one request: a response, a delay, a reset or a truncated body. */
  handle(req: MockRequest): MockAction {
    const action = this.decide(req);
    this.stats.requests++;
    const status = "status" in action ? action.status : 0;
    this.stats.byStatus[status] = (this.stats.byStatus[status] ?? 0) + 1;
    return action;
  }

  private requestId(): string {
    return `mock-${(++this.counter).toString(36)}-${Math.floor(this.random() * 1e9).toString(36)}`;
  }

  private error(status: number, message: string, headers?: Record<string, string>): MockAction {
    return {
      kind: "json",
      status,
      body: { code: status, message, data: null, requestId: this.requestId() },
      headers,
    };
  }

  private decide(req: MockRequest): MockAction {
    const path = req.url.pathname;
    let route, pathParams: Record<string, string> | undefined;
    for (route of routes)
      if (route.method === req.method && (pathParams = route.match(path))) break;
    if (!route || !pathParams) return this.error(404, `No operation ${req.method} ${path}`);

    const key = /^Bearer\s+(.+)$/i.exec(req.header("authorization") ?? "")?.[1]?.trim();
    if (!key) return this.error(401, "apiKey is null");
    if (!(this.options.apiKeys ? this.options.apiKeys.includes(key) : DEFAULT_KEY.test(key))) {
      return this.error(401, "apiKey is invalid");
    }

    const fault = req.header("x-mock-fault") ?? this.randomFault();
    if (fault === "reset") return { kind: "reset" };
    if (fault === "malformed")
      return { kind: "raw", status: 200, text: '{"code":0,"data":[{"oops' };
    if (fault === "500") return this.error(500, "Internal server error");
    if (fault === "503") return this.error(503, "Service unavailable");
    if (fault === "429") return this.error(429, "qps limit exceeded", { "retry-after": "1" });
    if (fault === "envelope-429")
      return {
        ...(this.error(429, "qps limit exceeded") as { body: object }),
        kind: "json",
        status: 200,
      };

    if (this.options.qps !== undefined && this.overQps(key)) {
      return this.error(429, "qps limit exceeded", { "retry-after": "1" });
    }
    if (req.body instanceof SyntaxError) return this.error(400, "Request body is not valid JSON");
    const params = readParams(route.op, req.url.searchParams, pathParams, req.body);
    if ("error" in params) return this.error(400, params.error);

    // A cursor of the mock's own making or none: a forged one is refused before any charge.
    const slice = route.op.pagination && sliceOf(route.op, route.op.pagination, params.values);
    if (slice && "error" in slice) return this.error(400, slice.error);

    const cost = route.op.credits ?? 1;
    const balance = this.balance(key);
    if (balance < cost) return this.error(402, "apiKey quota is not enough");
    this.balances.set(key, balance - cost);
    this.stats.charged[key] = (this.stats.charged[key] ?? 0) + cost;

    const body = this.success(route, params.values, slice);
    if (fault === "truncated") return { kind: "truncate", status: 200, text: JSON.stringify(body) };
    return { kind: "json", status: 200, body };
  }

  private randomFault(): string | null {
    const f = this.options.faults;
    if (!f) return null;
    const r = this.random();
    let edge = 0;
    for (const [name, rate] of [
      ["500", f.error500],
      ["503", f.error503],
      ["reset", f.reset],
      ["malformed", f.malformed],
    ] as const) {
      edge += rate ?? 0;
      if (r < edge) return name;
    }
    return null;
  }

  private overQps(key: string): boolean {
    const now = Date.now();
    const recent = (this.windows.get(key) ?? []).filter((t) => t > now - 1000);
    this.windows.set(key, recent);
    if (recent.length >= this.options.qps!) return true;
    recent.push(now);
    return false;
  }

  private balance(key: string): number {
    if (!this.balances.has(key)) {
      const c = this.options.credits;
      this.balances.set(
        key,
        c === undefined ? Infinity : typeof c === "number" ? c : (c[key] ?? 0),
      );
    }
    return this.balances.get(key)!;
  }

  /** The 200 body: the spec's envelope, with a page of the dataset for paginated operations. */
  private success(
    { op, body: schema, item: itemSchema, exampleItem }: Route,
    values: Record<string, unknown>,
    slice: PageSlice | null,
  ) {
    const body = (synth(effectiveSpec, { ...schema, example: undefined }) ?? {}) as Record<
      string,
      unknown
    >;
    Object.assign(body, { code: 0, message: "success", requestId: this.requestId() });
    const p = op.pagination;
    if (p && slice) {
      const { id, start, size: pageSize } = slice;
      const seed = this.options.seed ?? "keyapi";
      const size = this.options.datasetSize;
      const total = typeof size === "function" ? size(id) : (size ?? defaultDatasetSize(seed, id));
      const echo = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, String(v)]));
      const page = Array.from({ length: Math.max(0, Math.min(pageSize, total - start)) }, (_, k) =>
        item(itemSchema!, { seed, id, i: start + k }, echo, exampleItem as Record<string, unknown>),
      );
      setAt(body, p.itemsPath, page);
      if (p.style === "cursor") {
        const end = start + page.length;
        // The last page hands back no next position, and says so when the spec has the flag.
        if (end < total) setAt(body, p.nextPath, cursorAt(op, p, end));
        else unsetAt(body, p.nextPath);
        if (p.hasMorePath) setAt(body, p.hasMorePath, end < total);
      }
    } else {
      const example = (schema.example ?? {}) as Record<string, unknown>;
      if ("data" in example) body.data = example.data;
    }
    return body;
  }
}

/** Removes the value at a dotted path, if it is there. */
function unsetAt(target: Record<string, unknown>, dotted: string): void {
  const cut = dotted.lastIndexOf(".");
  const parent = cut < 0 ? target : getAt(target, dotted.slice(0, cut));
  if (parent && typeof parent === "object")
    delete (parent as Record<string, unknown>)[dotted.slice(cut + 1)];
}

/** Sets `value` at a dotted path (`data.list`), creating the objects on the way. */
function setAt(target: Record<string, unknown>, dotted: string, value: unknown): void {
  const keys = dotted.split(".");
  let node = target;
  for (const key of keys.slice(0, -1)) {
    const next = node[key];
    node = (next && typeof next === "object" ? next : (node[key] = {})) as Record<string, unknown>;
  }
  node[keys.at(-1)!] = value;
}
