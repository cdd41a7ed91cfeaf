import { clientTable, type ClientOperation } from "@keyapi-tiktok/types";

/** The generated table's entry for a method and path, if the spec has that operation. */
export const findOperation = (method: string, path: string): ClientOperation | undefined =>
  clientTable[`${method} ${path}`];
