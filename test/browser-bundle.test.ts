/**
 * The library code (envs/, agents/, algorithms/) must bundle for the browser and run there.
 * This test bundles every library module with Vite for a browser target, fails on any Node
 * built-in the bundler had to stub out, then runs the bundle in a bare V8 context that has only
 * browser globals (no process, require, Buffer) and steps an environment and a network in it.
 */
import { readdirSync, statSync } from 'node:fs';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { runInNewContext } from 'node:vm';
import { build, type Rollup } from 'vite';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..');

function libraryModules(): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) out.push(p);
    }
  };
  for (const top of ['envs', 'agents', 'algorithms']) walk(join(root, top));
  return out.sort();
}

describe('browser bundle', () => {
  it('bundles every library module with no Node built-ins and runs without Node globals', async () => {
    const modules = libraryModules();
    expect(modules.length).toBeGreaterThan(20);
    const dir = mkdtempSync(join(tmpdir(), 'bundle-'));
    const entry = join(dir, 'entry.ts');
    const lines = modules.map((m, i) => `export * as m${i} from ${JSON.stringify(m)};`);
    lines.push(`import { make } from ${JSON.stringify(join(root, 'envs/index.ts'))};`);
    lines.push(`import { mlp, Tensor } from ${JSON.stringify(join(root, 'algorithms/nn/index.ts'))};`);
    lines.push(`import { createRng } from ${JSON.stringify(join(root, 'envs/core/rng.ts'))};`);
    lines.push(`export function smoke() {
      const env = make('CartPole-v1');
      let { obs } = env.reset({ seed: 3 });
      let steps = 0;
      for (; steps < 50; steps++) { const r = env.step(steps % 2); obs = r.obs; if (r.terminated || r.truncated) break; }
      const net = mlp([4, 8, 2], { rng: createRng(1) });
      const out = net.forward(Tensor.from(obs, [1, 4])).data;
      return { steps, x: obs[0], out: Array.from(out) };
    }`);
    writeFileSync(entry, lines.join('\n'));

    const warnings: string[] = [];
    const result = (await build({
      root: dir,
      logLevel: 'silent',
      configFile: false,
      build: {
        write: false,
        minify: false,
        lib: { entry, name: 'Suite', formats: ['iife'], fileName: 'suite' },
        rollupOptions: {
          onwarn: (w) => {
            warnings.push(w.message);
          },
        },
      },
    })) as Rollup.RollupOutput[];
    const nodeWarnings = warnings.filter((w) => /externalized for browser|node:|built-in|Module ".*" has been/i.test(w));
    expect(nodeWarnings, nodeWarnings.join('\n')).toEqual([]);

    const chunk = result[0].output.find((o) => o.type === 'chunk') as Rollup.OutputChunk;
    // Anything the bundle could not resolve to library code (e.g. `node:fs`) stays an import.
    expect(chunk.imports, `unresolved imports: ${chunk.imports.join(', ')}`).toEqual([]);
    expect(chunk.code).not.toMatch(/["']node:[a-z_]+["']/);
    const browserGlobals = {
      crypto: globalThis.crypto,
      performance: globalThis.performance,
      console,
      WebAssembly,
      TextEncoder,
      TextDecoder,
      atob,
      btoa,
      queueMicrotask,
      setTimeout,
      clearTimeout,
      setInterval,
      clearInterval,
      DecompressionStream: globalThis.DecompressionStream,
      Response: globalThis.Response,
    };
    const context: Record<string, unknown> = { ...browserGlobals };
    context.globalThis = context;
    context.self = context;
    runInNewContext(chunk.code, context, { filename: relative(root, join(dir, 'suite.js')) });
    const suite = context.Suite as { smoke: () => { steps: number; x: number; out: number[] } };
    const r = suite.smoke();
    expect(r.steps).toBeGreaterThan(5);
    expect(Number.isFinite(r.x)).toBe(true);
    expect(r.out).toHaveLength(2);
    expect(r.out.every(Number.isFinite)).toBe(true);
  }, 120_000);
});
