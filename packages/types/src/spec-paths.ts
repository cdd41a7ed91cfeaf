// Two spec facts every package reads the same way: where a value sits in an envelope (a dotted
// path such as `data.list`, as the operation table states items and positions), and how an
// operation is named (`GET /v1/tiktok/...`, the key of samples, checkpoints and validators).

/** The value at a dotted path (`data.list`) of `value`; undefined where the path breaks off. */
export function getAt(value: unknown, dotted: string): unknown {
  let node = value;
  for (const key of dotted.split(".")) node = (node as Record<string, unknown> | null)?.[key];
  return node;
}

/** An operation's name in every table and file: `"GET /v1/tiktok/product/reviews/analytics"`. */
export const operationKey = (method: string, path: string): string =>
  `${method.toUpperCase()} ${path}`;
