// The error hierarchy is defined in core/ (the request machinery throws it) and is public API.
export * from "./core/errors.js";
