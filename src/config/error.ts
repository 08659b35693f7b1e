import { KuraError } from "../commands/errors.ts";

/** One bad setting: which key (env var name or file path such as `vaults[1].resourceGroup`) and why. */
export interface ConfigProblem {
  key: string;
  /** What was wrong and how to fix it. Never contains a secret's value. */
  message: string;
}

/**
 * Thrown by `loadConfig` when any setting is missing or invalid. The message lists every problem
 * found, one per line, so an operator fixes them all in one go.
 */
export class ConfigError extends KuraError {
  readonly problems: readonly ConfigProblem[];

  constructor(problems: readonly ConfigProblem[]) {
    const count = problems.length === 1 ? "1 problem" : `${problems.length} problems`;
    const lines = problems.map((p) => `  - ${p.key}: ${p.message}`);
    super("CONFIG_INVALID", [`kura's configuration is invalid (${count}):`, ...lines].join("\n"), {
      remedy: "Fix each setting listed, then start kura again. README.md lists every key and its default.",
    });
    this.name = "ConfigError";
    this.problems = Object.freeze(problems.map((p) => Object.freeze({ ...p })));
  }
}
