import type { paths } from "@keyapi-tiktok/types";
import type { CallOptions } from "./options.js";

/** Paths of the spec that have a GET operation. */
export type GetPath = {
  [P in keyof paths]: paths[P] extends { get: object } ? P : never;
}[keyof paths];

/** The 200 envelope of a GET operation. */
export type EnvelopeOf<P extends GetPath> = paths[P]["get"] extends {
  responses: { 200: { content: { "application/json": infer J } } };
}
  ? J
  : never;

/** What `client.get()` resolves to: the envelope's `data`. */
export type DataOf<P extends GetPath> = EnvelopeOf<P> extends { data: infer D } ? D : never;

/** `query` and `path` parameters as the spec types them, plus per-call options. */
export type GetOptions<P extends GetPath> = Omit<
  paths[P]["get"]["parameters"],
  "header" | "cookie"
> &
  CallOptions;
