/**
 * Sets a field of a plain object, one named `__proto__` included: an assignment would set the
 * object's prototype and the field would be lost (or, from a request, reach every object made
 * from it).
 */
export const defineField = (target: object, name: string, value: unknown): void => {
  Object.defineProperty(target, name, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
};
