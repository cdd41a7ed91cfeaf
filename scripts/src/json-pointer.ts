/** A key as one token of a JSON pointer (RFC 6901): `~` as `~0`, `/` as `~1`. */
export const pointerToken = (key: string): string => key.replace(/~/g, "~0").replace(/\//g, "~1");

/**
 * The key one token of a `$ref`'s pointer names: percent-decoded (a `$ref` is a URI fragment),
 * then `~1` and `~0` read back. Throws a URIError on broken percent-encoding.
 */
export const keyOfToken = (token: string): string =>
  decodeURIComponent(token).replace(/~1/g, "/").replace(/~0/g, "~");
