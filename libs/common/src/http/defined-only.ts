/**
 * The properties of a request DTO that the client actually sent. DTO classes declare every optional
 * field, so a transformed instance carries `undefined` for the absent ones; spreading it over stored
 * data would erase that data.
 */
export function definedOnly<T extends object>(dto: T): Partial<T> {
  return Object.fromEntries(Object.entries(dto).filter(([, value]) => value !== undefined)) as Partial<T>;
}
