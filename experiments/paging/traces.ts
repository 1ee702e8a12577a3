/** Node-side trace loading: reads a (gzip) page-id trace file and compacts it. */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { ParseError } from '../../envs/core/errors.js';
import { compactTrace, isGzip, parseTrace } from '../../envs/paging/trace.js';
import type { Trace } from '../../envs/paging/types.js';

/**
 * Loads one integer page id per line (gzip or plain); `ParseError` names the file and line
 * (line 0: the gzip stream itself is corrupt or truncated).
 */
export function loadTraceFile(file: string): Trace {
  let bytes: Uint8Array = readFileSync(file);
  if (isGzip(bytes)) {
    try {
      bytes = gunzipSync(bytes);
    } catch (e) {
      throw new ParseError(basename(file), 0, `not a valid gzip file (${(e as Error).message})`);
    }
  }
  return compactTrace(parseTrace(new TextDecoder().decode(bytes), basename(file)));
}
