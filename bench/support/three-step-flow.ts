/** The input the flow suites run their three-step flow on: 1 KiB of text. */
export const benchText = "lorem ipsum dolor sit amet ".repeat(40).slice(0, 1024);

/** Three steps run per flow: count → score → one arm of an if / else (the other arm is skipped). */
export function threeStepFlow(name: string): object {
  return {
    name,
    input: { text: "string" },
    steps: [
      { id: "count", task: "word-count", input: { text: "input.text" } },
      {
        id: "score",
        task: "score",
        after: ["count"],
        input: { words: "steps.count.output.words", vowels: "steps.count.output.vowels" },
        // biome-ignore lint/suspicious/noThenProperty: the flow file's keyword.
        branch: [{ if: "steps.score.output.score >= 0.5", then: ["good"] }, { else: ["poor"] }],
      },
      { id: "good", task: "slugify", input: { text: "steps.score.output.label" } },
      { id: "poor", task: "slugify", input: { text: "'poor'" } },
    ],
    output: { label: "steps.score.output.label" },
  };
}
