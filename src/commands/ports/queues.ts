/** How the core hands approved work to the workers. */
export interface LifecycleQueue {
  /** Idempotent: the job id is the request id, so a request can never be enqueued twice. */
  enqueue(requestId: string): Promise<void>;
  /** Removes a job that has not started yet; false if it is running or gone. */
  removeIfWaiting(requestId: string): Promise<boolean>;
}
