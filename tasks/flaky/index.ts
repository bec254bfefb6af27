import { fail, Input, Output } from "./index.gen";

export function run(input: Input): Output {
  // Math.random is seeded by the host (env.seed): the same seed always rolls the same number.
  const roll = Math.random();
  if (roll < input.failRate) fail(`transient failure: rolled ${roll.toString()} below ${input.failRate.toString()}`);
  const out = new Output();
  out.text = input.text;
  out.roll = roll;
  return out;
}
