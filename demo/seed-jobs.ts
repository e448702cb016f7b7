/**
 * The seed's own example, nearly verbatim: a "Hello World!" function and a HeartBeatItem that records how long
 * after its inception each run happened and doubles its own `modTick`. Output goes to the page instead of the
 * console.
 */
import { type HeartBeat, HeartBeatItem } from '../src/index.ts';

export interface SeedJobHooks {
  log(line: string): void;
  seedRan(tick: number): void;
}

export async function registerSeedJobs(heartbeat: HeartBeat, hooks: SeedJobHooks): Promise<void> {
  await heartbeat.register('Hello World!', () => hooks.log('Hello World!'));

  const item = new HeartBeatItem({
    func: async (context) => {
      const inception = context.metadata.inception as Date;
      const delta = (Date.now() - inception.getTime()) / 1000;
      context.metadata[`Iter ${context.timesRan}`] = `${delta}s since starting`;
      hooks.seedRan(context.tick);
      if (!context.modTick) context.modTick = 1;
      else context.modTick *= 2;
    },
    metadata: { inception: new Date() },
  });
  await heartbeat.register('RealHeartBeatItem', item);
}
