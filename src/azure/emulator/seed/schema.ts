/** Validation of seed data (from a file, `reset`, or options), so a bad seed fails with a precise path. */
import { z } from "zod";
import type { SeedData } from "../types.ts";

const weekday = z.enum(["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]);
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "expected HH:mm");
const armName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$/, "expected an ARM resource name");

const seedSchema = z.object({
  vaults: z.array(
    z.object({
      subscriptionId: z.string().regex(/^[0-9a-fA-F-]{36}$/, "expected a subscription GUID"),
      resourceGroup: armName,
      name: armName,
      location: z.string().optional(),
      policies: z.array(
        z.object({
          name: armName,
          timeZone: z.string(),
          frequency: z.enum(["Daily", "Weekly"]),
          runDays: z.array(weekday).optional(),
          runTimes: z.array(hhmm).min(1),
          instantRpRetentionDays: z.number().int().min(1).max(30).optional(),
          retentionCount: z.number().int().min(1).optional(),
        }),
      ),
      items: z.array(
        z.object({
          vmName: armName,
          vmResourceGroup: armName,
          protectionState: z.enum(["Protected", "ProtectionStopped"]),
          policyName: z.string().optional(),
          recoveryPoints: z
            .array(
              z.object({
                ageHours: z.number().min(0),
                retainDays: z.number().min(0),
                instant: z.boolean().optional(),
              }),
            )
            .optional(),
          powerState: z.enum(["running", "stopped", "deallocated"]).optional(),
          dataDisks: z.number().int().min(0).max(64).optional(),
        }),
      ),
    }),
  ),
}) satisfies z.ZodType<SeedData>;

/** Thrown for seed data that does not fit the schema or refers to unknown policies/time zones. */
export class SeedError extends Error {}

export function parseSeed(input: unknown): SeedData {
  const result = seedSchema.safeParse(input);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new SeedError(
      `invalid seed at ${issue?.path.join(".") || "(root)"}: ${issue?.message ?? "unknown"}`,
    );
  }
  return result.data;
}
