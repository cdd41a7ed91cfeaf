// Fetches each URL given through createProxyFetch (the built ESM file), one JSON line each.
import { createProxyFetch, isProxyAuthRefusal } from "@keyapi-tiktok/proxy-fetch";
import { report } from "./report.mjs";

await report({ createProxyFetch, isProxyAuthRefusal }, process.argv.slice(2));
