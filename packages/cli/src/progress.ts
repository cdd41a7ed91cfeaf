import cliProgress from "cli-progress";

export interface PullProgress {
  update(state: { pages: number; items: number; credits: number }): void;
  stop(): void;
}

const NONE: PullProgress = { update: () => {}, stop: () => {} };

/**
 * A progress display on stderr while pulling pages (cli-progress), only when stderr is a
 * terminal: piped or redirected output gets none of it. ETA only when the page count is known.
 */
export function createProgress(
  stream: NodeJS.WriteStream,
  totalPages: number | undefined,
): PullProgress {
  if (!stream.isTTY) return NONE;
  const known = totalPages !== undefined;
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: known
        ? "{bar} {value}/{total} pages | {items} items | {credits} credits | {rate} req/s | ETA {eta_formatted}"
        : "pages {value} | {items} items | {credits} credits | {rate} req/s",
      hideCursor: true,
      etaBuffer: 20,
    },
    cliProgress.Presets.shades_classic,
  );
  const started = Date.now();
  bar.start(totalPages ?? 0, 0, { items: 0, credits: 0, rate: "0.0" });
  return {
    update({ pages, items, credits }) {
      const rate = (pages / Math.max(0.001, (Date.now() - started) / 1000)).toFixed(1);
      bar.update(pages, { items, credits, rate });
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
  // Ours, from the entities this run has done: the bar's own said "INF" until the first was
  // done, and a resumed run's would count the entities of the runs before in its pace.
  const started = Date.now();
  const eta = (done: number) => {
    if (done === doneBefore) return "…";
    const perEntity = (Date.now() - started) / (done - doneBefore);
    const s = Math.round((perEntity * (entities - done)) / 1000);
    return cliProgress.Format.TimeFormat(s, { autopaddingChar: "" }, 1);
  };
  bar.start(entities, doneBefore, { pages: 0, items: 0, credits: 0, left: eta(doneBefore) });
  return {
    update: ({ done, pages, items, credits }) =>
      bar.update(done, { pages, items, credits, left: eta(done) }),
    stop: () => bar.stop(),
  };
}
