import cliProgress from "cli-progress";

export interface PullProgress {
  update(state: { pages: number; items: number; credits: number }): void;
  stop(): void;
}

const NONE: PullProgress = { update: () => {}, stop: () => {} };

/**
 * Our ETA, from what this run has done: "…" until its first step (cli-progress's own said "INF"
 * or 0s there), and a resumed run's pace never counts the steps of the runs before it.
 */
function etaFrom(total: number, doneBefore: number): (done: number) => string {
  const started = Date.now();
  return (done) => {
    if (done === doneBefore) return "…";
    const perStep = (Date.now() - started) / (done - doneBefore);
    const s = Math.round((perStep * (total - done)) / 1000);
    return cliProgress.Format.TimeFormat(s, { autopaddingChar: "" }, 1);
  };
}

/**
 * A progress display on stderr while pulling pages (cli-progress), only when stderr is a
 * terminal: piped or redirected output gets none of it. ETA only when the page count is known.
 * A resumed pull's bar starts at the pages its runs before pulled (`doneBefore`).
 */
export function createProgress(
  stream: NodeJS.WriteStream,
  totalPages: number | undefined,
  doneBefore = 0,
): PullProgress {
  if (!stream.isTTY) return NONE;
  const known = totalPages !== undefined;
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: known
        ? "{bar} {value}/{total} pages | {items} items | {credits} credits | {rate} req/s | ETA {left}"
        : "pages {value} | {items} items | {credits} credits | {rate} req/s",
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  );
  const started = Date.now();
  const eta = etaFrom(totalPages ?? 0, doneBefore);
  bar.start(totalPages ?? 0, doneBefore, {
    items: 0,
    credits: 0,
    rate: "0.0",
    left: eta(doneBefore),
  });
  return {
    update({ pages, items, credits }) {
      const rate = (pages / Math.max(0.001, (Date.now() - started) / 1000)).toFixed(1);
      const done = doneBefore + pages;
      bar.update(done, { items, credits, rate, left: eta(done) });
    },
    stop: () => bar.stop(),
  };
}

export interface EachProgress {
  update(state: { done: number; pages: number; items: number; credits: number }): void;
  stop(): void;
}

/** The progress of a pull of many entities: entities done of all, pages, items, credits, ETA. */
export function createEachProgress(
  stream: NodeJS.WriteStream,
  entities: number,
  /** Entities done by the runs before (a resumed pull): counted, but not in this run's pace. */
  doneBefore = 0,
): EachProgress {
  if (!stream.isTTY) return { update: () => {}, stop: () => {} };
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format:
        "{bar} {value}/{total} entities | {pages} pages | {items} items | {credits} credits | ETA {left}",
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  );
  const eta = etaFrom(entities, doneBefore);
  bar.start(entities, doneBefore, { pages: 0, items: 0, credits: 0, left: eta(doneBefore) });
  return {
    update: ({ done, pages, items, credits }) =>
      bar.update(done, { pages, items, credits, left: eta(done) }),
    stop: () => bar.stop(),
  };
}
