// openapi-format ships no type declarations; this covers the one function we use.
declare module "openapi-format" {
  export function openapiOverlay(
    spec: object,
    options: { overlaySet: object },
  ): Promise<{ data: object; resultData: { unusedActions: object[]; usedActions: object[] } }>;
}
