// The size anchor: openapi-fetch's createClient as a consumer bundles it.
import createClient from "openapi-fetch";
export { createClient };
