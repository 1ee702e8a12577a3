/**
 * `npm run experiment -- dqn [--env CartPole-v1] [--steps N] [--seed S] [--json]`: trains the
 * DQN learner (algorithms/dqn) through the episode bus for `--steps` env steps, then runs
 * `--eval-episodes` greedy episodes (env seeded with seed + 10 000, so evaluation starts differ
 * from training ones).
 *
 * Defaults: rl-baselines3-zoo's CartPole-v1 DQN schedule (`DQN_EXPERIMENT_DEFAULTS`), 50k steps;
 * every DQN field can be overridden from the command line.
 *
 * Outputs in the run folder: episodes.jsonl (one record per training episode
 * `{phase: "train", episode, step, return, length}`, one per ~1000 steps of training
 * metrics `{phase: "update", step, td_loss, q_values, epsilon}` (means over the updates), one per evaluation episode
 * `{phase: "eval", …}`), learning_curve.svg (episodic return vs env step, raw and a 20-episode
 * moving average), checkpoint.json (final weights, optimiser and generator; no replay).
 * Summary (last stdout line with --json): `{"evalReturn": mean, "evalStd", "evalMin", "steps",
 * "episodes", "trainSeconds", "sps", "config"}`.
 */
import type { EpisodeEndEvent, UpdateEvent } from '../../agents/bus/events.js';
import { rollout } from '../../agents/bus/rollout.js';
import { Dqn, DQN_DEFAULTS, type DqnConfig } from '../../algorithms/dqn/index.js';
import { ConfigError } from '../../envs/core/errors.js';
import type { JsonObject } from '../../envs/core/json.js';
import { make } from '../../envs/index.js';
import { RunWriter } from '../io/run-writer.js';
import { lineChart } from '../plot/index.js';
import type { Experiment, OptionValues } from '../types.js';

/** Env steps of the default run (reaches a greedy mean of 500 on CartPole-v1 for seeds 0–2). */
export const DEFAULT_STEPS = 50_000;

/**
 * CartPole-v1 defaults: the rl-baselines3-zoo DQN hyperparameters for CartPole-v1 (lr 2.3e-3,
 * batch 64, buffer 100k, learning starts 1000, target sync every 10 steps, 128 gradient steps every
 * 256 env steps, ε 1 → 0.04 over 16 %, 5·10⁴ steps) with a 64-64 MLP instead of 256-256, plus
 * this learner's double-DQN targets, Huber loss and clipping. CleanRL's dqn.py schedule (lr 2.5e-4,
 * 10k buffer, target every 500, train every 10) is tuned for 5·10⁵ steps, 10× this budget.
 */
export const DQN_EXPERIMENT_DEFAULTS: Partial<DqnConfig> = {
  learningRate: 2.3e-3,
  bufferSize: 100_000,
  gamma: 0.99,
  tau: 1,
  targetNetworkFrequency: 10,
  batchSize: 64,
  startE: 1,
  endE: 0.04,
  explorationFraction: 0.16,
  learningStarts: 1000,
  trainFrequency: 256,
  gradientSteps: 128,
  hiddenSizes: [64, 64],
};

const d = { ...DQN_DEFAULTS, ...DQN_EXPERIMENT_DEFAULTS };

const experiment: Experiment = {
  name: 'dqn',
  description: 'DQN (double, Huber, target network, n-step optional) on a discrete-action env; greedy evaluation',
  options: {
    env: { type: 'string', default: 'CartPole-v1', help: 'registered env id (1-D Box or masked observations, Discrete actions)' },
    steps: { type: 'integer', default: DEFAULT_STEPS, help: 'training env steps (also totalTimesteps of the ε schedule)' },
    evalEpisodes: { type: 'integer', default: 20, help: 'greedy evaluation episodes after training' },
    learningRate: { type: 'number', default: d.learningRate, help: 'Adam learning rate' },
    bufferSize: { type: 'integer', default: d.bufferSize, help: 'replay capacity' },
    gamma: { type: 'number', default: d.gamma, help: 'discount' },
    tau: { type: 'number', default: d.tau, help: 'target update rate (1 = hard copy)' },
    targetNetworkFrequency: { type: 'integer', default: d.targetNetworkFrequency, help: 'env steps between target updates' },
    batchSize: { type: 'integer', default: d.batchSize, help: 'transitions per gradient step' },
    startE: { type: 'number', default: d.startE, help: 'initial ε' },
    endE: { type: 'number', default: d.endE, help: 'final ε' },
    explorationFraction: { type: 'number', default: d.explorationFraction, help: 'share of the steps over which ε decays' },
    learningStarts: { type: 'integer', default: d.learningStarts, help: 'env steps before learning' },
    trainFrequency: { type: 'integer', default: d.trainFrequency, help: 'env steps between training phases' },
    gradientSteps: { type: 'integer', default: d.gradientSteps, help: 'gradient steps per training phase' },
    maxGradNorm: { type: 'number', default: d.maxGradNorm, help: 'gradient-norm clip' },
    doubleDqn: { type: 'boolean', default: d.doubleDqn, help: 'double DQN targets (--no-double-dqn for vanilla)' },
    nStep: { type: 'integer', default: d.nStep, help: 'n-step return length' },
    sampler: { type: 'string', default: d.sampler, help: 'replay sampler: uniform or neighbour' },
    runLength: { type: 'integer', default: d.runLength, help: 'neighbour sampler run length' },
    hiddenSizes: { type: 'list', default: d.hiddenSizes.map(String), help: 'hidden layer widths, comma-separated' },
  },
  async run(o: OptionValues, ctx): Promise<JsonObject> {
    const steps = o.steps as number;
    if (!(steps >= 1)) throw new ConfigError('steps', steps, 'expected an integer ≥ 1');
    const evalEpisodes = o.evalEpisodes as number;
    if (!(evalEpisodes >= 1)) throw new ConfigError('evalEpisodes', evalEpisodes, 'expected an integer ≥ 1');
    const hiddenSizes = (o.hiddenSizes as string[]).map((h) => {
      const v = Number(h);
      if (!(Number.isInteger(v) && v > 0)) throw new ConfigError('hiddenSizes', h, 'expected positive integers, e.g. 120,84');
      return v;
    });
    const config: Partial<DqnConfig> = { seed: ctx.seed, totalTimesteps: steps, hiddenSizes };
    for (const k of Object.keys(DQN_DEFAULTS) as (keyof DqnConfig)[]) {
      if (k in o && k !== 'hiddenSizes') (config as Record<string, unknown>)[k] = o[k];
    }
    const env = make<Float64Array, number>(o.env as string);
    const dqn = Dqn.forEnv(env, config);
    const run = RunWriter.open(ctx.outDir);
    run.writeJson('dqn_config.json', dqn.config as unknown as JsonObject);

    // Training through the bus.
    ctx.log(`dqn on ${o.env as string}: ${steps} steps, seed ${ctx.seed}`);
    const curve: { step: number; ret: number }[] = [];
    let window: UpdateEvent[] = [];
    const flushUpdates = () => {
      if (window.length === 0) return;
      const mean = (k: string) => window.reduce((s, e) => s + e.metrics[k], 0) / window.length;
      run.appendJsonl({ phase: 'update', step: window[window.length - 1].step, td_loss: mean('losses/td_loss'), q_values: mean('losses/q_values'), epsilon: mean('charts/epsilon') });
      window = [];
    };
    const start = performance.now();
    let nextLog = 0;
    rollout(env, dqn, { steps, seed: ctx.seed }).subscribe((e) => {
      if (e.type === 'update') {
        window.push(e);
        if (e.step - window[0].step >= 1000) flushUpdates();
      } else if (e.type === 'episodeEnd') {
        const ep = e as EpisodeEndEvent;
        const step = dqn.globalStep;
        curve.push({ step, ret: ep.return });
        run.appendJsonl({ phase: 'train', episode: ep.episode, step, return: ep.return, length: ep.length });
        if (step >= nextLog) {
          const recent = curve.slice(-20);
          ctx.log(`step ${step}: mean return (last ${recent.length}) ${(recent.reduce((s, c) => s + c.ret, 0) / recent.length).toFixed(1)}, ε ${dqn.epsilon.toFixed(3)}, updates ${dqn.updates}`);
          nextLog = step + Math.max(1000, Math.floor(steps / 20));
        }
      }
    });
    flushUpdates();
    const trainSeconds = (performance.now() - start) / 1000;

    // Greedy evaluation.
    const evalEnv = make<Float64Array, number>(o.env as string);
    const returns: number[] = [];
    const greedy = { name: 'dqn-greedy', act: (obs: Float64Array) => dqn.act(obs, false) }; // no observe: evaluation does not train
    rollout(evalEnv, greedy, { episodes: evalEpisodes, seed: ctx.seed + 10_000, explore: false }).subscribe((e) => {
      if (e.type === 'episodeEnd') {
        returns.push(e.return);
        run.appendJsonl({ phase: 'eval', episode: e.episode, return: e.return, length: e.length });
      }
    });
    const mean = returns.reduce((s, r) => s + r, 0) / returns.length;
    const std = Math.sqrt(returns.reduce((s, r) => s + (r - mean) ** 2, 0) / returns.length);
    ctx.log(`eval over ${returns.length} greedy episodes: mean ${mean.toFixed(1)} ± ${std.toFixed(1)} (min ${Math.min(...returns)}), train ${trainSeconds.toFixed(1)} s`);

    run.writeText('learning_curve.svg', await learningCurve(o.env as string, curve));
    run.writeJson('checkpoint.json', dqn.save({ replay: false }));
    run.close();
    return {
      evalReturn: mean,
      evalStd: std,
      evalMin: Math.min(...returns),
      steps: dqn.globalStep,
      episodes: curve.length,
      updates: dqn.updates,
      trainSeconds: Math.round(trainSeconds * 10) / 10,
      sps: Math.round(steps / trainSeconds),
      env: o.env as string,
      config: dqn.config as unknown as JsonObject,
    };
  },
};

export default experiment;

/** Episodic training return vs env step: raw and a 20-episode moving average. */
async function learningCurve(env: string, curve: { step: number; ret: number }[]): Promise<string> {
  const stride = Math.max(1, Math.ceil(curve.length / 1000));
  const raw = { name: 'episode return', x: [] as number[], y: [] as number[] };
  const avg = { name: 'moving average (20)', x: [] as number[], y: [] as number[] };
  let acc = 0;
  for (let i = 0; i < curve.length; i++) {
    acc += curve[i].ret - (i >= 20 ? curve[i - 20].ret : 0);
    if (i % stride !== 0 && i !== curve.length - 1) continue;
    raw.x.push(curve[i].step);
    raw.y.push(curve[i].ret);
    avg.x.push(curve[i].step);
    avg.y.push(acc / Math.min(i + 1, 20));
  }
  return lineChart({ title: `DQN on ${env}: training episodes`, series: [raw, avg], xLabel: 'env step', yLabel: 'episodic return' });
}
