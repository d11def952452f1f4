/** `text` cut to at most `chars` characters, ending in `...` when cut (the whole text stays in results.json). */
export function shorten(text: string, chars: number): string {
  return text.length > chars ? `${text.slice(0, chars - 3).trimEnd()}...` : text;
}
