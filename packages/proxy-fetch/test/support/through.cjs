// The same as through.mjs, through the built CommonJS file.
const { createProxyFetch, isProxyAuthRefusal } = require("@keyapi-tiktok/proxy-fetch");

import("./report.mjs").then(({ report }) =>
  report({ createProxyFetch, isProxyAuthRefusal }, process.argv.slice(2)),
);
