/**
 * What the mock makes a schema's value as: its type; of a list (`["null", "object"]`), the first
 * that is not `null`, since a mock of a nullable field is worth more with a value in it; with no
 * type, an object when it describes properties.
 */
export function kindOf(schema: {
  type?: string | string[];
  properties?: object;
}): string | undefined {
  const types = [schema.type ?? []].flat();
  return types.find((t) => t !== "null") ?? types[0] ?? (schema.properties ? "object" : undefined);
}
