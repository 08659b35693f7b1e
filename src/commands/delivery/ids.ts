/**
 * The delivery state's ids and markers of one request's card, named in one place: the card code
 * writes them, and the request store's pruning (src/store) removes them with the request.
 */

/** The card's message in `DeliveryState` (its ref, shown version, edit slot, thread replies). */
export const cardMessageId = (requestId: string): string => `req:${requestId}`;

/** Set once the card could not be posted: the request's later events have nowhere to go. */
export const undeliverableMarker = (requestId: string): string => `undeliverable:${requestId}`;

/** Set once the requester was told privately that the card could not be posted. */
export const toldMarker = (requestId: string): string => `told:${requestId}`;
