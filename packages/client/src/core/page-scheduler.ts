import { onAbort } from "./on-abort.js";

/** A page as the scheduler sees it: its items and, in a cursor walk, where the next one starts. */
export interface PageResult {
  items: unknown[];
  /** Cursor walks: the next position, null after the last page. */
  next?: string | number | null;
}

/** How one entity (one query) is walked. */
export interface WalkPlan {
  /**
   * `page`: pages are numbered, so pages past the next certain one can be asked for ahead
   * (speculation). `cursor`: each page names the next; one at a time.
   */
  style: "page" | "cursor";
  /** The first page's number (a cursor walk counts its pages from here). */
  first: number;
  /** The last page the walk may ask for (`maxPages`, `limit`, the spec's last page). */
  last: number;
  /** Cursor walks: the first position (undefined: the parameter is left out). */
  cursor?: string | number | undefined;
  /** Whether a page ends the data (a short page; a cursor page with no next). */
  isLast(result: PageResult): boolean;
  /**
   * Reads each page in page order, the last one too, once every page before it has arrived:
   * the page as the walk takes it (repeats dropped), or the error that ends the entity in its
   * place (pages that repeat the page before them). Pages answer out of order, so `isLast`
   * alone cannot.
   */
  follows?(page: number, result: PageResult): PageResult | { error: unknown };
}

/** What a walk of many entities yields: a page of one entity, in that entity's page order. */
export type WalkEvent =
  | { entity: number; page: number; result: PageResult; last: boolean }
  | { entity: number; page: number; error: unknown };

export interface SchedulerOptions {
  /** How many entities (queries) to walk, in this order. */
  entities: number;
  plan(entity: number): WalkPlan;
  fetch(
    entity: number,
    page: number,
    cursor: string | number | undefined,
    signal: AbortSignal,
  ): Promise<PageResult>;
  /** Requests worth having in flight now: the key's rate × the measured latency (Little's law). */
  width(): number;
  /** The most requests in flight, whatever `width` says (`concurrency`). */
  cap: number;
  signal?: AbortSignal | null | undefined;
  /**
   * Ends the walk gently: nothing new is asked for, the requests already started end as they
   * would and their pages are yielded, then the walk throws the signal's reason (unless those
   * pages finished every entity: the walk then ends as a finished one does).
   */
  stop?: AbortSignal | undefined;
  /** Requests cancelled because an earlier page ended the data (they may have been sent). */
  stats: { pastEnd: number };
  /**
   * Whether an error is every entity's (the key, the budget): the walk then stops asking, yields
   * what it already bought, and throws it.
   */
  fatal?: (error: unknown) => boolean;
}

interface Walk {
  entity: number;
  plan: WalkPlan;
  /** The next page to ask for. */
  next: number;
  /** The last page there can be: the plan's, or the page that ended the data or failed. */
  end: number;
  /** Every page up to here has arrived, none of them the last. */
  through: number;
  /** Arrived pages past `through`. */
  ahead: Set<number>;
  /** Every page up to here was read by the plan's `follows`, in page order. */
  read: number;
  cursor: string | number | undefined;
  inFlight: Map<number, AbortController>;
  /** Arrived, not yet yielded. */
  ready: Map<number, PageResult | { error: unknown }>;
  yieldAt: number;
}

/**
 * Walks the pages of many entities under one window of requests in flight, and yields each
 * entity's pages in its page order. What fills a free slot, in this order:
 *
 * 1. certain work: the next page of a walk whose every page so far was full (or, for a cursor
 *    walk, whose next position is known), oldest walk first;
 * 2. the first page of the next entity (also certain);
 * 3. speculation: a page past the next certain one, only when nothing certain waits, and no more
 *    pages ahead than the walk has seen, so a short walk wastes little.
 *
 * A page that ends the data cancels the entity's later pages; a failed page ends the entity with
 * that error, after its earlier pages. The window is `width()` (rate × latency) under `cap`. When
 * the walk ends (all done, `return`, an error, the caller's abort), every request still queued
 * or in flight is cancelled: a queued one is never sent.
 */
export async function* schedulePages(o: SchedulerOptions): AsyncGenerator<WalkEvent> {
  // Every request's own controller, aborted together when the walk ends: one listener on the
  // caller's signal for the whole walk, not one per request.
  const live = new Set<AbortController>();
  const abortAll = (reason: unknown) => {
    for (const c of live) c.abort(reason);
  };
  const stopLink = onAbort(o.signal, () => abortAll(o.signal!.reason));
  const active: Walk[] = [];
  let started = 0;
  let inFlight = 0;
  // An error that every entity would meet (the key refused, the budget spent): nothing new is
  // asked for, the pages already bought are yielded, then the error ends the walk. A gentle
  // stop drains the same way, and ends the walk only if something was left undone.
  let fatal: { error: unknown } | undefined;
  let wake: (() => void) | undefined;
  const changed = () => {
    wake?.();
    wake = undefined;
  };
  const stopWake = onAbort(o.signal, changed);
  const stopSoftly = onAbort(o.stop, changed);

  const certain = (w: Walk) =>
    w.next <= w.end && w.next === w.through + 1 && (w.plan.style === "page" || !w.inFlight.size);
  // Pages asked for ahead of the next certain one, in flight or arrived early (held until the
  // pages before them come), are at most the pages seen (counted, not read off the page number:
  // a walk resumed at page 40 has seen none). Only those can turn out to be past the end: the
  // certain page is needed even when it is the empty one that ends it. Counting the early
  // arrivals keeps a stalled page from letting the walk buy (and hold) pages without end.
  const speculative = (w: Walk) =>
    w.plan.style === "page" &&
    w.next <= w.end &&
    w.inFlight.size - (w.inFlight.has(w.through + 1) ? 1 : 0) + w.ahead.size <
      w.through - w.plan.first + 1;
  const pick = (): Walk | undefined => {
    if (fatal || o.stop?.aborted) return undefined;
    for (const w of active) if (certain(w)) return w;
    // A loop, not recursion: thousands of entities with no page to ask for are skipped in turn.
    while (started < o.entities) {
      const entity = started++;
      const plan = o.plan(entity);
      const w: Walk = {
        entity,
        plan,
        next: plan.first,
        end: plan.last,
        through: plan.first - 1,
        ahead: new Set(),
        read: plan.first - 1,
        cursor: plan.cursor,
        inFlight: new Map(),
        ready: new Map(),
        yieldAt: plan.first,
      };
      // A plan with no page to ask for is done at once.
      if (w.next > w.end) continue;
      active.push(w);
      return w;
    }
    for (const w of active) if (speculative(w)) return w;
    return undefined;
  };

  /** Cancels the entity's pages after `page`: they cannot exist, or come after its failure. */
  const cutAfter = (w: Walk, page: number) => {
    w.end = Math.min(w.end, page);
    for (const [p, c] of w.inFlight)
      if (p > page) {
        c.abort(new Error("past the last page"));
        o.stats.pastEnd++;
      }
    // Later pages that arrived first (answers overtake each other) were past the end too.
    for (const p of w.ready.keys())
      if (p > page) {
        w.ready.delete(p);
        o.stats.pastEnd++;
      }
  };

  const settle = (w: Walk, page: number, r: PageResult | { error: unknown }) => {
    w.inFlight.delete(page);
    inFlight--;
    changed();
    // A page cancelled because an earlier one ended the data: whatever it says is not data.
    if (page > w.end) return;
    w.ready.set(page, r);
    if ("error" in r || w.plan.isLast(r)) cutAfter(w, page);
    else {
      w.ahead.add(page);
      while (w.ahead.delete(w.through + 1)) w.through++;
      if (page === w.through && w.plan.style === "cursor") w.cursor = r.next ?? undefined;
    }
    // The plan reads pages in order as they join the ones before them; nothing is yielded unread.
    for (let got; w.read < w.end && (got = w.ready.get(w.read + 1));) {
      const p = ++w.read;
      if ("error" in got || !w.plan.follows) continue;
      const taken = w.plan.follows(p, got);
      w.ready.set(p, taken);
      if ("error" in taken) cutAfter(w, p);
    }
  };

  const launch = (w: Walk) => {
    const page = w.next++;
    const c = new AbortController();
    live.add(c);
    w.inFlight.set(page, c);
    inFlight++;
    o.fetch(w.entity, page, w.cursor, c.signal).then(
      (result) => (live.delete(c), settle(w, page, result)),
      (error: unknown) => (live.delete(c), settle(w, page, { error })),
    );
  };

  try {
    for (;;) {
      o.signal?.throwIfAborted();
      // Collected first: state may change while the consumer holds a yielded page.
      const events: WalkEvent[] = [];
      for (const w of [...active]) {
        for (let r; w.yieldAt <= w.read && (r = w.ready.get(w.yieldAt));) {
          w.ready.delete(w.yieldAt);
          const page = w.yieldAt++;
          if ("error" in r && o.fatal?.(r.error)) {
            fatal ??= { error: r.error };
            active.splice(active.indexOf(w), 1);
            break;
          }
          const last = "error" in r || page >= w.end;
          events.push(
            "error" in r
              ? { entity: w.entity, page, error: r.error }
              : { entity: w.entity, page, result: r, last },
          );
          if (last) {
            active.splice(active.indexOf(w), 1);
            break;
          }
        }
      }
      for (const event of events) yield event;
      // Nothing new is asked for until the consumer has come back for more: a walk it leaves
      // (break, return) sends nothing after its last page was handed over.
      if (events.length) continue;
      const width = Math.max(1, Math.min(o.cap, Math.ceil(o.width())));
      for (let w; inFlight < width && (w = pick());) launch(w);
      const done = !active.length && started >= o.entities;
      // A walk whose last pages were in flight at a gentle stop is finished, not stopped. The
      // requests still in flight once every walk has ended are pages past an end, being
      // cancelled: an error every entity met is thrown without waiting for them.
      if (done && !fatal) return;
      if (fatal && (done || !inFlight)) throw fatal.error;
      if (o.stop?.aborted && !inFlight) throw o.stop.reason;
      await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    stopLink();
    stopWake();
    stopSoftly();
    abortAll(new Error("walk ended"));
  }
}
