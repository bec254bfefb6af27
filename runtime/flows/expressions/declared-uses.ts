import { caseComparisonProblem } from "./case-literals.js";
import { ExpressionError } from "./errors.js";
import { clip, verb } from "./library-errors.js";
import type { DeclaredRoots } from "./result-type.js";
import { childrenOf, type SyntaxNode } from "./syntax-tree.js";
import { tupleIndexProblem } from "./tuple-index.js";

/** What is wrong with one node of an expression, found from the declared types alone. */
export interface UseProblem {
  readonly reason: string;
  readonly message: string;
  readonly node: SyntaxNode;
}

/**
 * What the library's type check cannot see, because it holds an enum as a string and a tuple as a
 * list: a comparison of an enum (or a char) with a string that is none of its values, and a tuple
 * read at an index it does not have. Throws `EXPRESSION_TYPE` at the offending part.
 */
export function checkDeclaredUses(root: SyntaxNode, roots: DeclaredRoots, text: string): void {
  const stack: SyntaxNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop() as SyntaxNode;
    const problem = caseComparisonProblem(node, roots) ?? tupleIndexProblem(node, roots);
    if (problem !== undefined) {
      const { start, end } = problem.node;
      const at = start === undefined ? "" : ` at position ${start}`;
      throw new ExpressionError(
        "EXPRESSION_TYPE",
        `${verb("EXPRESSION_TYPE")} "${clip(text)}"${at}: ${problem.message}`,
        {
          expression: text,
          reason: problem.reason,
          ...(start === undefined ? {} : { position: start }),
          ...(end === undefined ? {} : { end }),
        },
      );
    }
    stack.push(...childrenOf(node));
  }
}
