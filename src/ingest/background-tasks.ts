/** Work started after answering a request, tracked so shutdown can wait for it. */
export interface BackgroundTasks {
  /** Runs `task` in the background; a failure is passed to `onError`, never thrown. */
  run(task: () => Promise<unknown>, onError: (err: unknown) => void): void;
  /** Resolves once every task started so far has settled. */
  idle(): Promise<void>;
}

/** Creates an empty task set. */
export function createBackgroundTasks(): BackgroundTasks {
  const running = new Set<Promise<unknown>>();
  return {
    run(task, onError) {
      const promise = task()
        .catch(onError)
        .finally(() => running.delete(promise));
      running.add(promise);
    },
    async idle() {
      while (running.size > 0) await Promise.allSettled([...running]);
    },
  };
}
