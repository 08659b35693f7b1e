/** The delivery pipeline's public surface (for composition roots and queue consumers). */
export type { CardSource, DeliveryDeps, DeliveryOutcome, DeliverySettings } from "./context.ts";
export { createDelivery, type Delivery } from "./deliver.ts";
export { classify, isRequestEvent, platformsFor } from "./routing.ts";
export { isRunLater, RunLater } from "./run-later.ts";
