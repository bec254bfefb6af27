import { TaskNotFoundError, UsageError } from "../../errors/index.js";
import type { TaskRegistry } from "../../tasks/index.js";
import type { TaskTypeLookup } from "../validate-flow.js";

/** Declared types of registered tasks by reference, for the static checks; unknown references give undefined. */
export function registeredTaskTypes(tasks: TaskRegistry): TaskTypeLookup {
  const lookup = (reference: string) => {
    try {
      const task = tasks.get(reference);
      return { input: task.definition.inputType, output: task.definition.outputType };
    } catch (error) {
      if (error instanceof TaskNotFoundError || error instanceof UsageError) return undefined;
      throw error;
    }
  };
  return Object.assign(lookup, { names: () => tasks.names() });
}
