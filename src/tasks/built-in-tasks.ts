import type { TaskRegistry } from '../engine/task.ts';
import { pollTask } from './poll-task.ts';

/** The tasks the default worker offers: `poll` fetches a URL on the item's beats (see `PollInput`). */
export const builtInTasks: TaskRegistry = { poll: pollTask };
