import { describe, expect, it } from 'vitest';
import { progressWriter } from '../../../experiments/io/terminal.js';

const fakeStream = (isTTY: boolean) => {
  const chunks: string[] = [];
  return { chunks, stream: { isTTY, write: (s: string) => (chunks.push(s), true) } as unknown as NodeJS.WriteStream };
};

describe('progressWriter', () => {
  it('passes every redraw through on a TTY, clearing the line first', () => {
    const f = fakeStream(true);
    const w = progressWriter(f.stream);
    w('\r[#-] 1/2');
    w('\r[##] 2/2\n');
    expect(f.chunks).toEqual(['\r\x1b[K[#-] 1/2', '\r\x1b[K[##] 2/2\n']);
  });

  it('off a TTY writes only final lines, without the carriage return', () => {
    const f = fakeStream(false);
    const w = progressWriter(f.stream);
    w('\r[#-] 1/2');
    w('\r[##] 2/2\n');
    expect(f.chunks).toEqual(['[##] 2/2\n']);
  });
});
