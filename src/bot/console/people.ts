/**
 * The console's people. There is no sign-in on a laptop demo: a picker says who you are, so four-eyes
 * approval can be seen (Aiko asks, Ben approves, Chris may not). The role shown is a label only;
 * who may approve is the core's approver list (`console:ben` among the embedded local defaults).
 */
export type ConsoleRole = "requester" | "approver" | "outsider";

export interface ConsolePerson {
  /** The console user id: the actor id the core sees (`console:<id>` in approver lists). */
  id: string;
  name: string;
  role: ConsoleRole;
}

/** The embedded local people (README, "The local console"). */
export const LOCAL_PEOPLE: readonly ConsolePerson[] = Object.freeze([
  { id: "aiko", name: "Aiko", role: "requester" },
  { id: "ben", name: "Ben", role: "approver" },
  { id: "chris", name: "Chris", role: "outsider" },
]);

/** The platform-qualified approver entries the people's roles stand for (`console:ben`). */
export function approverIds(people: readonly ConsolePerson[]): string[] {
  return people.filter((person) => person.role === "approver").map((person) => `console:${person.id}`);
}
