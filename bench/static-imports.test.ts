import { describe, expect, it } from 'vitest';
import { isBareSpecifier, staticImports } from './static-imports.ts';

describe('staticImports', () => {
  it('finds named, namespace, side-effect and re-export imports, once each', () => {
    const code = [
      'import * as Comlink from "comlink";',
      "import{createStore as e,entries as t}from'idb-keyval';",
      'import "./side-effect.js";',
      'export { a as b } from "./chunk-1.js";',
      'export*from"./chunk-2.js";',
      'import x from "comlink";',
    ].join('\n');
    expect(staticImports(code)).toEqual(['comlink', 'idb-keyval', './side-effect.js', './chunk-1.js', './chunk-2.js']);
  });

  it('ignores dynamic imports, worker URLs and look-alikes in identifiers', () => {
    const code = [
      'const w = new Worker(new URL("./heartbeat-worker.js", import.meta.url), { type: "module" });',
      'const m = await import("./lazy.js");',
      'const reimport = "x"; myimport("y");',
      'export const important = 1;',
    ].join('\n');
    expect(staticImports(code)).toEqual([]);
  });
});

describe('isBareSpecifier', () => {
  it('tells packages from files and URLs', () => {
    expect(isBareSpecifier('comlink')).toBe(true);
    expect(isBareSpecifier('@scope/pkg/sub')).toBe(true);
    expect(isBareSpecifier('./chunk.js')).toBe(false);
    expect(isBareSpecifier('../up.js')).toBe(false);
    expect(isBareSpecifier('/abs.js')).toBe(false);
    expect(isBareSpecifier('https://cdn.example/x.js')).toBe(false);
    expect(isBareSpecifier('node:fs')).toBe(false);
  });
});
