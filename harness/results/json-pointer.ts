/** An RFC 6901 JSON pointer from path segments: `pointer('perf', 'overheads', 2)` is `/perf/overheads/2`. */
export function pointer(...segments: (string | number)[]): string {
  return segments.map((segment) => `/${String(segment).replaceAll('~', '~0').replaceAll('/', '~1')}`).join('');
}
