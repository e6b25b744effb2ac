/**
 * Fills `{name}` placeholders of a message made on the server, for the few client-side texts whose
 * values (an amount, a date) only the browser learns. Only plain placeholders: plural and select
 * messages are formatted on the server.
 */
export function fill(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{(\w+)\}/g, (placeholder, name: string) => values[name] ?? placeholder);
}
