import type { Writable } from "node:stream";
import { stringify } from "csv-stringify/sync";

export type Format = "table" | "json" | "ndjson" | "csv";
export const FORMATS: Format[] = ["table", "json", "ndjson", "csv"];

/** Writes records as they arrive; `end()` closes the document (a JSON array's bracket). */
export interface RecordWriter {
  write(record: Record<string, unknown>): void;
  end(): void;
}

/**
 * One write() per whole record: when a pull stops (Ctrl-C, budget, error) the output holds
 * only complete records, and end() makes the document well-formed.
 */
export function createWriter(format: Format, out: Writable, columns: string[]): RecordWriter {
  switch (format) {
    case "ndjson":
      return { write: (r) => out.write(JSON.stringify(r) + "\n"), end: () => {} };
    case "json": {
      let first = true;
      return {
        write: (r) => {
          out.write((first ? "[\n  " : ",\n  ") + JSON.stringify(r));
          first = false;
        },
        end: () => out.write(first ? "[]\n" : "\n]\n"),
      };
    }
    case "csv": {
      // csv-stringify: RFC 4180 quoting of commas, quotes and newlines; CRLF records.
      const options = { columns, record_delimiter: "windows" as const };
      return withHeader(out, stringify([], { ...options, header: true }), (r) =>
        out.write(stringify([r], options)),
      );
    }
    case "table":
      return tableWriter(out, columns);
  }
}

/** Writes `header` before the first record, or at the end when there was none. */
function withHeader(
  out: Writable,
  header: string,
  write: (r: Record<string, unknown>) => void,
): RecordWriter {
  let started = false;
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
function tableWriter(out: Writable, columns: string[]): RecordWriter {
  const shown = columns.filter((c) => c !== "product_id" && c !== "sku_id");
  const width = (c: string) => WIDTHS[c] ?? (c === "display_text" ? 60 : 20);
  const cell = (c: string, v: unknown) => {
    let text =
      c === "review_timestamp" && typeof v === "number"
        ? new Date(v).toISOString().slice(0, 10)
        : String(v ?? "");
    if (c === "rating" && typeof v === "number") text = "★".repeat(v);
    text = text.replace(/\s+/g, " ");
    return text.length > width(c) ? text.slice(0, width(c) - 1) + "…" : text.padEnd(width(c));
  };
  const header =
    shown
      .map((c) => (LABELS[c] ?? c).padEnd(width(c)).slice(0, width(c)))
      .join("  ")
      .trimEnd() + "\n";
  return withHeader(out, header, (r) =>
    out.write(
      shown
        .map((c) => cell(c, r[c]))
        .join("  ")
        .trimEnd() + "\n",
    ),
  );
}
