import { operationTable, type OperationSpec } from "@keyapi-tiktok/types";

export interface Route {
  template: string;
  method: string;
  op: OperationSpec;
  match(path: string): Record<string, string> | undefined;
}

/** Every operation of the generated table, as a matcher (templated segments capture). */
export const routes: Route[] = Object.entries(
  operationTable as Record<string, Partial<Record<string, OperationSpec>>>,
).flatMap(([template, methods]) =>
  Object.entries(methods).map(([method, op]) => {
    const names: string[] = [];
    const source = template
      .replace(/[.*+?^$()|[\]\\]/g, "\\$&")
      .replace(/\{([^}]+)\}/g, (_, name: string) => {
        names.push(name);
        return "([^/]+)";
      });
    const re = new RegExp(`^${source}$`);
    return {
      template,
      method: method.toUpperCase(),
      op: op!,
      match(path: string) {
        const m = re.exec(path);
        return m
          ? Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(m[i + 1]!)]))
          : undefined;
      },
    };
  }),
);
