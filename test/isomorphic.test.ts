/**
 * Library code (envs/, agents/, algorithms/) must run unchanged in Node and in a browser bundle:
 * no Node built-in modules (fs, path, os, worker_threads, child_process, any `node:` import) and
 * no Node globals (`process.`, `Buffer.`, `require(`). Comments are ignored; strings are not.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const LIBRARY_DIRS = ['envs', 'agents', 'algorithms'];
const NODE_MODULES = ['fs', 'path', 'os', 'worker_threads', 'child_process'];

const RULES: { what: string; re: RegExp }[] = [
  {
    what: 'imports a Node built-in module',
    re: new RegExp(String.raw`(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)['"](?:node:[^'"]*|(?:${NODE_MODULES.join('|')})(?:/[^'"]*)?)['"]`),
  },
  { what: 'references process', re: /(?<![\w$.])process\s*\./ },
  { what: 'references Buffer', re: /(?<![\w$.])Buffer\s*\./ },
  { what: 'calls require', re: /(?<![\w$.])require\s*\(/ },
];

function tsFiles(dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  return entries.flatMap((name) => {
    const p = path.join(dir, name);
    if (name === 'node_modules') return [];
    if (statSync(p).isDirectory()) return tsFiles(p);
    return p.endsWith('.ts') ? [p] : [];
  });
}

/** Blanks out comments (keeping line breaks and string literals) so line numbers stay right. */
function stripComments(src: string): string {
  let out = '';
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    const next = src[i + 1];
    if (c === '/' && next === '/') {
      while (i < src.length && src[i] !== '\n') {
        out += ' ';
        i++;
      }
    } else if (c === '/' && next === '*') {
      const end = src.indexOf('*/', i + 2);
      const stop = end < 0 ? src.length : end + 2;
      out += src.slice(i, stop).replace(/[^\n]/g, ' ');
      i = stop;
    } else if (c === '"' || c === "'" || c === '`') {
      let j = i + 1;
      while (j < src.length && src[j] !== c) j += src[j] === '\\' ? 2 : 1;
      out += src.slice(i, j + 1);
      i = j + 1;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/** `file:line: what — source line` for every violation in `src`. */
function violations(file: string, src: string): string[] {
  const found: string[] = [];
  stripComments(src)
    .split('\n')
    .forEach((line, n) => {
      for (const rule of RULES) if (rule.re.test(line)) found.push(`${file}:${n + 1}: ${rule.what}: ${line.trim()}`);
    });
  return found;
}

describe('isomorphic library code', () => {
  it('the scanner catches every forbidden pattern and ignores comments', () => {
    const bad = [
      "import fs from 'fs';",
      "import { join } from 'node:path';",
      "import * as os from 'os';",
      "import { Worker } from 'worker_threads';",
      "const cp = await import('child_process');",
      "import { readFile } from 'fs/promises';",
      "import 'node:crypto';",
      'const home = process.env.HOME;',
      "const b = Buffer.from('x');",
      "const m = require('m');",
    ];
    for (const line of bad) expect(violations('x.ts', line), line).toHaveLength(1);
    const ok = [
      '// uses process.env in a comment',
      '/* import fs from "fs" */',
      "import { path } from './path.js';",
      'const n = this.process.count; subprocess.x; myBuffer.y;',
      "import { pathfinder } from '../pathfinder.js';",
    ];
    for (const line of ok) expect(violations('x.ts', line), line).toEqual([]);
    expect(violations('x.ts', '/*\n\n*/ process.exit(1)')[0]).toMatch(/^x\.ts:3:/);
  });

  it('envs/, agents/ and algorithms/ use no Node-only API', () => {
    const files = LIBRARY_DIRS.flatMap((d) => tsFiles(path.join(root, d)));
    expect(files.length).toBeGreaterThan(10);
    const found = files.flatMap((f) => violations(path.relative(root, f), readFileSync(f, 'utf8')));
    expect(found, found.join('\n')).toEqual([]);
  });
});
