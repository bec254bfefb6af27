/** A short description of a value for messages: its kind, and the value itself when it is small. */
export function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (value === undefined) return "nothing";
  if (Array.isArray(value)) return "list";
  if (value instanceof Uint8Array) return "bytes";
  switch (typeof value) {
    case "string":
      return value.length <= 32 ? `string ${JSON.stringify(value)}` : "string";
    case "number":
      return Number.isInteger(value) ? `integer ${value}` : `number ${value}`;
    case "bigint":
      return `integer ${value}`;
    case "object":
      return "object";
    default:
      return typeof value;
  }
}
