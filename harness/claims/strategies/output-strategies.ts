/** Prints `totalBytes` to stdout (or stderr) in lines of `lineBytes` (newline included), then returns. */
export const OUTPUT_FLOOD_STRATEGY = `export default function strategy({ totalBytes, lineBytes, stream }) {
  const line = 'x'.repeat(lineBytes - 1);
  const print = stream === 'stderr' ? console.error : console.log;
  let printed = 0;
  while (printed < totalBytes) {
    print(line);
    printed += lineBytes;
  }
  return { printed };
}
`;
