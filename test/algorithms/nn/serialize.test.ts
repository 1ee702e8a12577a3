import { describe, expect, it } from 'vitest';
import { createRng } from '../../../envs/core/rng.js';
import * as nn from '../../../algorithms/nn/index.js';
import { Tensor } from '../../../algorithms/nn/index.js';

function outputs(net: nn.Sequential): number[] {
  const x = Tensor.from(Float64Array.from({ length: 40 }, (_, i) => Math.sin(i * 1.7)), [8, 5]);
  return Array.from(net.forward(x).data);
}

describe('parameter save/load', () => {
  it('JSON round trip gives bit-identical outputs', () => {
    const a = nn.mlp([5, 16, 16, 3], { rng: createRng(1), activation: 'tanh' });
    const b = nn.mlp([5, 16, 16, 3], { rng: createRng(2), activation: 'tanh' });
    expect(outputs(b)).not.toEqual(outputs(a));
    nn.loadJson(b, JSON.parse(JSON.stringify(nn.saveJson(a))));
    expect(outputs(b)).toEqual(outputs(a));
  });

  it('binary and base64 round trips give bit-identical outputs', () => {
    const a = nn.mlp([5, 16, 3], { rng: createRng(1) });
    const b = nn.mlp([5, 16, 3], { rng: createRng(2) });
    const bytes = nn.saveBytes(a);
    expect(bytes.length).toBe(8 * a.numParameters());
    nn.loadBytes(b, nn.fromBase64(nn.toBase64(bytes)));
    expect(outputs(b)).toEqual(outputs(a));
  });

  it('rejects a mismatched architecture, naming the parameter', () => {
    const a = nn.mlp([5, 16, 3], { rng: createRng(1) });
    const c = nn.mlp([5, 8, 3], { rng: createRng(1) });
    expect(() => nn.loadJson(c, nn.saveJson(a))).toThrow(/0\.weight/);
    expect(() => nn.loadBytes(c, nn.saveBytes(a))).toThrow(/bytes/);
  });

  it('base64 agrees with Node Buffer for every padding case', () => {
    const r = createRng(9);
    for (let n = 0; n < 12; n++) {
      const bytes = Uint8Array.from({ length: n }, () => Math.floor(r() * 256));
      const s = nn.toBase64(bytes);
      expect(s).toBe(Buffer.from(bytes).toString('base64'));
      expect(Array.from(nn.fromBase64(s))).toEqual(Array.from(bytes));
    }
  });
});
