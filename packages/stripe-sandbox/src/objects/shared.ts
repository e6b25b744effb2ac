export function emptyAddress() {
  return { city: null, country: null, line1: null, line2: null, postal_code: null, state: null };
}

export function emptyList(url: string) {
  return { object: "list" as const, data: [], has_more: false, url };
}
