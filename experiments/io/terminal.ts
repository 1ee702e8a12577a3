/**
 * Node wiring for the bus's `progressBar`: a writer for a stream (stderr by default). On a TTY
 * every redraw goes through, with the line cleared first (ANSI `ESC[K`) so a shorter redraw
 * leaves no tail; elsewhere (CI logs, pipes) `\r` redraws are dropped and only the
 * final line (the one ending in "\n") is written, so logs get one line per bar.
 */
export function progressWriter(stream: NodeJS.WriteStream = process.stderr): (text: string) => void {
  if (stream.isTTY) return (text) => void stream.write(text.startsWith('\r') ? `\r\x1b[K${text.slice(1)}` : text);
  return (text) => {
    if (text.endsWith('\n')) stream.write(text.startsWith('\r') ? text.slice(1) : text);
  };
}
