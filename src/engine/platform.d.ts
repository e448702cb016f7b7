// The engine compiles against ES2022 alone (tsconfig.engine.json), so a stray setTimeout or DOM call is a compile
// error. These are the only platform globals it relies on; Node 20, browsers and workers all have them.
declare function structuredClone<T>(value: T): T;

interface AbortSignal {
  readonly aborted: boolean;
  readonly reason: unknown;
}
interface AbortController {
  readonly signal: AbortSignal;
  abort(reason?: unknown): void;
}
declare var AbortController: { new (): AbortController };
