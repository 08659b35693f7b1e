/**
 * kura's configuration: the only module that reads `process.env`. `loadConfig` validates the
 * environment (and the optional YAML/JSON file named by `KURA_CONFIG_FILE`) into a deep-frozen,
 * typed `KuraConfig`, or throws `ConfigError` naming every bad key and how to fix it.
 * Composition roots call it once and pass the values their adapters need.
 */
import { type Env, type LoadConfigOptions, load } from "./config/load.ts";
import type { KuraConfig } from "./config/types.ts";

export { describeConfig, REDACTED } from "./config/describe.ts";
export { ConfigError, type ConfigProblem } from "./config/error.ts";
export { CONFIG_GROUPS, CONFIG_KEYS, type ConfigGroup, type ConfigKey } from "./config/keys.ts";
export type { LoadConfigOptions } from "./config/load.ts";
export type * from "./config/types.ts";

/**
 * Reads and validates kura's settings.
 * @param env - the environment to read; tests pass their own. @defaultValue `process.env`
 * @throws ConfigError (`code: "CONFIG_INVALID"`) listing every missing or invalid setting.
 */
export function loadConfig(env: Env = process.env, options: LoadConfigOptions = {}): Readonly<KuraConfig> {
  return load(env, options);
}
