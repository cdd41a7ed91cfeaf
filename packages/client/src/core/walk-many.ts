import { validateParams } from "@keyapi-tiktok/types";
import {
  AuthenticationError,
  CreditBudgetExceededError,
  InsufficientCreditsError,
  InvalidParamsError,
  PermissionDeniedError,
  RateLimitError,
} from "./errors.js";

import { checkCallKinds, shown } from "./check-options.js";
import { findOperation } from "./operations.js";
import { inFlightFor, type Pace } from "./pace.js";
import { schedulePages } from "./page-scheduler.js";
import { entityWalk, type EntityWalk } from "./walk-plan.js";

/** Errors every entity would meet: the key refused or out of credits, the budget spent, a key throttled for good. */
const FATAL = [
  AuthenticationError,
  InsufficientCreditsError,
  PermissionDeniedError,
  CreditBudgetExceededError,
  RateLimitError,
];

/** One entity of a walk: the query (and path parameters) of one `paginate` call. */
export interface EntityParams {
  query: Record<string, unknown>;
  path?: unknown;
}

/** A page of one entity, or the error that ended the entity. */
export type EntityPage =
  | { entity: number; page: number; items: unknown[]; last: boolean; next?: string | number | null }
  | { entity: number; page: number; error: unknown };

/** What a walk has done so far, live (see the public `WalkStats`). */
export interface Counts {
  pages: number;
  items: number;
  pastEnd: number;
  duplicates: number;
}

export interface WalkManyOptions {
  path: string;
  entities: readonly EntityParams[];
  /** Per entity. */
  limit: number;
  /** Per entity. */
  maxPages: number;
  concurrency: number;
  /** Per-call options every page is sent with (`signal`, `timeoutMs`, …). */
  call: { signal?: AbortSignal | null | undefined } & Record<string, unknown>;
  /** Ends the walk gently (see `PaginateOptions.stop`). */
  stop?: AbortSignal | undefined;
  /** The client's unwrapped GET. */
  get(path: string, options: object): Promise<unknown>;
  pace: Pace | undefined;
  stats: Counts;
}

/**
 * The pages of every entity's walk under one window (see `schedulePages`), each entity's in page
 * order, with its items cut at `limit` and each item id (`x-sdk-item-id`) once per entity.
 * Checks run when iteration starts, so every error surfaces from the loop.
 */
export async function* walkMany(o: WalkManyOptions): AsyncGenerator<EntityPage> {
  const where = { method: "GET", path: o.path };
  const op = findOperation("GET", o.path);
  const spec = op?.pagination;
  if (!spec)
    throw new InvalidParamsError(
      [{ param: "path", message: `GET ${o.path} is not paginated` }],
      where,
    );
  if (!(Number.isInteger(o.concurrency) && o.concurrency >= 1))
    throw new InvalidParamsError(
      [
        {
          param: "concurrency",
          message: `must be a whole number ≥ 1, got ${shown(o.concurrency)}`,
        },
      ],
      where,
    );
  // The walk listens to the caller's signal before any call's own check would see it.
  const kind = checkCallKinds(o.call.signal, o.call.fetch) ?? checkCallKinds(o.stop, null, "stop");
  if (kind) throw new InvalidParamsError([kind], where);
  for (const [param, n] of [
    ["limit", o.limit],
    ["maxPages", o.maxPages],
  ] as const)
    if (!(n === Infinity || (Number.isInteger(n) && n >= 0)))
      throw new InvalidParamsError(
        [{ param, message: `must be a whole number ≥ 0, got ${shown(n)}` }],
        where,
      );
  // The walk does arithmetic on the page number, size and cursor it is given: one their own
  // checks refuse ("38" from JSON) would plan nonsense (a walk that never ends), so it fails
  // here, naming the parameter, before anything is sent.
  const paging = [spec.style === "page" ? spec.pageParam : spec.cursorParam, spec.sizeParam ?? ""];
  for (const { query, path } of o.entities) {
    // Only the values given: the walk fills in those left out.
    const issues = validateParams(op.params, {
      query,
      path: path as Record<string, unknown>,
    }).filter((i) => paging.includes(i.param) && query[i.param] !== undefined);
    if (issues.length) throw new InvalidParamsError(issues, where);
  }
  // Made when the entity starts and dropped when it ends: each holds its ids and its last page.
  const walks: (EntityWalk | undefined)[] = [];
  const taken = new Map<number, number>();
  const events = schedulePages({
    entities: o.entities.length,
    plan: (e) => {
      const { query, path } = o.entities[e]!;
      const get = (q: Record<string, unknown>, signal: AbortSignal) =>
        o.get(o.path, { ...o.call, ...(path !== undefined ? { path } : {}), query: q, signal });
      const walk = entityWalk({
        spec,
        params: op.params,
        query,
        limit: o.limit,
        maxPages: o.maxPages,
        where,
        get,
        stats: o.stats,
      });
      walks[e] = walk;
      return walk.plan;
    },
    fetch: (e, page, cursor, signal) => walks[e]!.fetch(page, cursor, signal),
    width: () => (o.pace ? inFlightFor(o.pace.rate(), o.pace.latencyMs()) : Infinity),
    cap: o.concurrency,
    signal: o.call.signal,
    stop: o.stop,
    stats: o.stats,
    fatal: (e) => FATAL.some((Class) => e instanceof Class),
  });
  // Entities that reached `limit` before their last page: the rest of their pages is not theirs.
  const full = new Set<number>();
  for await (const event of events) {
    const ended = "error" in event || event.last;
    if (ended) walks[event.entity] = undefined;
    if (full.has(event.entity)) {
      if (ended) full.delete(event.entity);
      continue;
    }
    if ("error" in event) {
      yield event;
      continue;
    }
    const { entity, page, result, last } = event;
    const before = taken.get(entity) ?? 0;
    const items = result.items.slice(0, o.limit - before);
    const reached = before + items.length >= o.limit;
    if (reached && !last) full.add(entity);
    if (last || reached) taken.delete(entity);
    else taken.set(entity, before + items.length);
    o.stats.pages++;
    o.stats.items += items.length;
    yield {
      entity,
      page,
      items,
      last: last || reached,
      ...(spec.style === "cursor" ? { next: result.next ?? null } : {}),
    };
  }
}
