// Development aid for the learner (not a benchmark: no RESULT line, `bench all` skips "_" files).
// Plays the learner through the market of bench/learning.ts and splits its EXPECTED regret (true
// best positive rate minus the chosen arm's, summed over sends) — far less noisy than realised
// positives — into template and subject-variant choice, by phase of the run, and counts the
// personas whose most-sent template over the second half is not the true best ("locked wrong"),
// how many of those settled far (> 1 point of positive rate) below the best, and what their second
// half cost.
//   npx tsx bench/_learning-regret.ts --first-seed=1001 --seeds=30 [--opts='{"halfLifeDays":60}'] [--stream=K] [--per-seed]
// Compare options on the SAME held-out seeds (paired); 30 seeds give a paired standard error of
// about 2–3 regret units, so smaller differences need more seeds. The pairing is of markets, not of
// play: two runs diverge after a few sends, and another stream of the same learner moved the mean
// over seeds 2001–2100 from 61.3 to 66.3, so compare over ≥ 200 seeds and several --stream values.
import { learnerPolicy, specFor } from "./learning";
import { armTruth, drawOutcome, nextPersona, personaArms } from "@/server/domain/market-model";
import { createRng, type Rng } from "@/server/domain/random";

const SENDS = 5000;
const PHASES = [0, 300, 1000, 2500, SENDS];
const arg = (k: string) => process.argv.find((a) => a.startsWith(`--${k}=`))?.slice(k.length + 3);
const first = Number(arg("first-seed") ?? 1001);
const seeds = Number(arg("seeds") ?? 10);
const opts = JSON.parse(arg("opts") ?? "{}");
// The learner's random stream (0 = the benchmark's): compare options over several streams too.
const stream = Number(arg("stream") ?? 0);

const total = { template: 0, variant: 0, phases: PHASES.slice(1).map(() => 0), lockedWrong: 0, lockedWrongFar: 0, lockedWrongRegret: 0, personas: 0 };
const perSeed: number[] = [];
for (let seed = first; seed < first + seeds; seed++) {
  const spec = specFor(seed);
  const arms = spec.personas.map((p) => personaArms(spec, p));
  const best = arms.map((a) => Math.max(...a.map((x) => x.positive)));
  const bestTemplate = arms.map((a) => a.reduce((x, y) => (y.positive > x.positive ? y : x)).arm.template);
  const truth = spec.personas.map((p) => spec.templates.map((t) => armTruth(seed, p, t)));
  const policy = learnerPolicy(seed, opts, stream);
  // The same arrival and per-arm outcome streams as play() in bench/learning.ts.
  const arrivals: Rng = createRng(`arrivals:${seed}`);
  const outcomeRng = new Map<string, Rng>();
  const late = spec.personas.map(() => new Map<number, number>());
  const lateRegret = spec.personas.map(() => 0);
  let regret = 0;
  for (let i = 0; i < SENDS; i++) {
    const p = nextPersona(arrivals, spec);
    const { template, variant } = policy.choose(p, i);
    const key = `${p}:${template}:${variant}`;
    if (!outcomeRng.has(key)) outcomeRng.set(key, createRng(`outcomes:${seed}:${key}`));
    const o = drawOutcome(outcomeRng.get(key)!, truth[p][template], variant);
    const got = arms[p].find((x) => x.arm.template === template && x.arm.variant === variant)!.positive;
    const templateBest = Math.max(...arms[p].filter((x) => x.arm.template === template).map((x) => x.positive));
    total.template += best[p] - templateBest;
    total.variant += templateBest - got;
    total.phases[PHASES.findIndex((x) => i < x) - 1] += best[p] - got;
    regret += best[p] - got;
    if (i >= SENDS / 2) {
      late[p].set(template, (late[p].get(template) ?? 0) + 1);
      lateRegret[p] += best[p] - got;
    }
    policy.learn(p, template, variant, o.reply !== null, o.reply === "POSITIVE", i);
  }
  late.forEach((counts, p) => {
    const mode = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
    total.personas++;
    if (mode === undefined || mode === bestTemplate[p]) return;
    total.lockedWrong++;
    total.lockedWrongRegret += lateRegret[p];
    // "Far": the settled template's best arm is more than 1 point of positive rate below the best.
    const settled = Math.max(...arms[p].filter((x) => x.arm.template === mode).map((x) => x.positive));
    if (best[p] - settled > 0.01) total.lockedWrongFar++;
  });
  perSeed.push(regret);
  if (process.argv.includes("--per-seed")) console.log(`seed ${seed}  expected regret ${regret.toFixed(2)}`);
}
const r1 = (x: number) => Math.round((x / seeds) * 10) / 10;
console.log(JSON.stringify({
  opts, stream, first_seed: first, seeds,
  expected_regret: r1(total.template + total.variant), template: r1(total.template), variant: r1(total.variant),
  by_phase: Object.fromEntries(total.phases.map((x, k) => [`${PHASES[k]}-${PHASES[k + 1]}`, r1(x)])),
  locked_wrong: `${total.lockedWrong}/${total.personas}`,
  // Of those, settled more than 1 point of positive rate below the best, and their second-half regret per seed.
  locked_wrong_far: total.lockedWrongFar, locked_wrong_late_regret: r1(total.lockedWrongRegret),
  per_seed: perSeed.map((x) => Math.round(x * 100) / 100),
}));
