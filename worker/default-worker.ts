/** The worker `new HeartBeat()` starts when the app gives none of its own: main-thread jobs and the built-in tasks. */
import { builtInTasks } from '../src/tasks/built-in-tasks.ts';
import { exposeHeartBeat } from './runtime.ts';

exposeHeartBeat({ tasks: builtInTasks });
