export { createProxyFetch, type ProxyFetch, type ProxyFetchOptions } from "./proxy-fetch.js";
export { isLoopback } from "./loopback.js";
export { proxyAsked, proxyPlan, ProxyConfigError, type ProxyEnv, type ProxyPlan } from "./plan.js";
export { isProxyAuthRefusal, isProxyRefusal, ProxyRefusal } from "./tunnel-pool.js";
export { withoutCredentials } from "./shown-url.js";
