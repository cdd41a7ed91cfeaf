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
export function createEachProgress(stream: NodeJS.WriteStream, entities: number): EachProgress {
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
  // Ours, from the entities done so far: the bar's own said "NFs" until the first was done.
  const started = Date.now();
  const eta = (done: number) => {
    if (done === 0) return "…";
    const s = Math.round((((Date.now() - started) / done) * (entities - done)) / 1000);
    return s < 60
      ? `${s}s`
      : s < 3600
        ? `${Math.floor(s / 60)}m${s % 60}s`
        : `${Math.floor(s / 3600)}h${Math.floor((s % 3600) / 60)}m`;
  };
  bar.start(entities, 0, { pages: 0, items: 0, credits: 0, left: eta(0) });
  return {
    update: ({ done, pages, items, credits }) =>
      bar.update(done, { pages, items, credits, left: eta(done) }),
    stop: () => bar.stop(),
  };
}
