/**
 * Runs async steps one after another, in the order they were queued. Comlink starts a handler as each message
 * arrives; queuing them keeps "calls apply in order" true even while `connect` is still loading saved state.
 */
export function createSerialQueue(): <T>(step: () => T | Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return (step) => {
    const result = tail.then(step);
    tail = result.catch(() => undefined);
    return result;
  };
}
