/** `OperationStatus` (ref §2f; EX:ProtectedItemOperationStatus, EX:ProtectedItem_Delete_OperationStatus). */
import type { Operation } from "../core/model.ts";
import { iso, NOT_ENDED } from "../core/time.ts";

export function operationView(op: Operation): object {
  const done = op.status !== "InProgress";
  return {
    id: op.id,
    name: op.id,
    status: op.status,
    startTime: iso(op.start),
    endTime: op.end !== undefined ? iso(op.end) : NOT_ENDED,
    // ref §8.5: the examples show the job id only once the operation has succeeded.
    ...(done && op.jobId
      ? { properties: { objectType: "OperationStatusJobExtendedInfo", jobId: op.jobId } }
      : {}),
  };
}
