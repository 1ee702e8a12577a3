/** Node-side trace loading: reads a (gzip) page-id trace file and compacts it. */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { compactTrace, isGzip, parseTrace } from '../../envs/paging/trace.js';
import type { Trace } from '../../envs/paging/types.js';

/** Loads one integer page id per line (gzip or plain); `ParseError` names the file and line. */
export function loadTraceFile(file: string): Trace {
  let bytes: Uint8Array = readFileSync(file);
  if (isGzip(bytes)) bytes = gunzipSync(bytes);
  return compactTrace(parseTrace(new TextDecoder().decode(bytes), basename(file)));
}
