import { stringify } from "csv-stringify/sync";
import { forTerminal } from "./terminal-text.js";

export type Format = "table" | "json" | "ndjson" | "csv";
export const FORMATS: Format[] = ["table", "json", "ndjson", "csv"];

const isFormula = (text: string) =>
  /^(?:[\t\r]|\s*[=+\-@\uff1d\uff0b\uff0d\uff20])/.test(text) &&
  !/^[+-]?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(text);

/**
 * How a CSV cell is written, for any reader and any spreadsheet. csv-stringify quotes a cell
 * with the delimiter, a quote or the record delimiter; our records end in CRLF, so a bare LF or
 * a bare CR would go unquoted and split the record in every reader: quote those too (RFC 4180).
 * A cell whose first visible character is = + - @ gets a leading ' so a spreadsheet shows it as
 * text instead of running it as a formula; "visible" because `"\n=1+1"` is a formula once the
 * line break is trimmed. A leading tab or CR is escaped the same way (OWASP's list), and the
 * full-width forms, which some spreadsheets fold to ASCII. A plain number (`-5`, an id past
 * 2^53 that the client turned into a string) runs nothing and stays as it is. The data is the
 * API's, and the readers are analysts.
 */
export const CSV_CELLS = {
  quoted_match: /[\r\n]/,
  cast: { string: (text: string) => (isFormula(text) ? `'${text}` : text) },
};

/** Where a writer writes: a stream, or a resumable file's synchronous sink. */
export interface Sink {
  write(chunk: string): unknown;
}

/** Writes records as they arrive; `end()` closes the document (a JSON array's bracket). */
export interface RecordWriter {
  write(record: Record<string, unknown>): void;
  end(): void;
}

/**
 * One write() per whole record: when a pull stops (Ctrl-C, budget, error) the output holds
 * only complete records, and end() makes the document well-formed. `started`: records were
 * written before (a resumed pull), so the header or the array's `[` is already there.
 */
export function createWriter(
  format: Format,
  out: Sink,
  columns: string[],
  started = false,
  /** Columns a table shows even when it hides them for one product (a pull of many). */
  keep: string[] = [],
): RecordWriter {
  switch (format) {
    case "ndjson":
      return { write: (r) => out.write(JSON.stringify(r) + "\n"), end: () => {} };
    case "json": {
      let first = !started;
      return {
        write: (r) => {
          out.write((first ? "[\n  " : ",\n  ") + JSON.stringify(r));
          first = false;
        },
        end: () => out.write(first ? "[]\n" : "\n]\n"),
      };
    }
    case "csv": {
      const options = { columns, record_delimiter: "windows" as const, ...CSV_CELLS };
      return withHeader(
        out,
        stringify([], { ...options, header: true }),
        (r) => out.write(stringify([r], options)),
        started,
      );
    }
    case "table":
      return tableWriter(out, columns, started, keep);
  }
}

/** Writes `header` before the first record, or at the end when there was none. */
function withHeader(
  out: Sink,
  header: string,
  write: (r: Record<string, unknown>) => void,
  started: boolean,
): RecordWriter {
  const start = () => {
    if (!started) out.write(header);
    started = true;
  };
  return {
    write: (r) => {
      start();
      write(r);
    },
    end: start,
  };
}

const WIDTHS: Record<string, number> = { rating: 6, review_timestamp: 10, sku_specification: 24 };
const LABELS: Record<string, string> = {
  review_timestamp: "date",
  display_text: "review",
  sku_specification: "sku",
};

/** A table for a person: fixed columns, one line per record, text flattened and clipped. */
function tableWriter(out: Sink, columns: string[], started: boolean, keep: string[]): RecordWriter {
  const shown = columns.filter((c) => keep.includes(c) || (c !== "product_id" && c !== "sku_id"));
  const width = (c: string) => WIDTHS[c] ?? (c === "display_text" ? 60 : 20);
  const cell = (c: string, v: unknown) => {
    let text = c === "review_timestamp" && typeof v === "number" ? isoDay(v) : String(v ?? "");
    if (c === "rating" && Number.isInteger(v) && (v as number) >= 1 && (v as number) <= 5)
      text = "★".repeat(v as number);
    text = forTerminal(text.replace(/\s+/g, " "));
    return text.length > width(c) ? text.slice(0, width(c) - 1) + "…" : text.padEnd(width(c));
  };
  const header =
    shown
      .map((c) => (LABELS[c] ?? c).padEnd(width(c)).slice(0, width(c)))
      .join("  ")
      .trimEnd() + "\n";
  return withHeader(
    out,
    header,
    (r) =>
      out.write(
        shown
          .map((c) => cell(c, r[c]))
          .join("  ")
          .trimEnd() + "\n",
      ),
    started,
  );
}

/** `2026-09-30`, or the number as it came when it is no date (a broken record). */
export const isoDay = (t: number): string => {
  const d = new Date(t);
  return Number.isNaN(d.getTime()) ? String(t) : d.toISOString().slice(0, 10);
};
