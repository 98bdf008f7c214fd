/** The origin (`scheme://host[:port]`) of an absolute URL; null for a missing, relative or opaque one. */
export function originOf(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const { origin } = new URL(url);
    return origin === 'null' ? null : origin;
  } catch {
    return null;
  }
}
