/**
 * The module specifiers a built ES module imports statically (`import … from`, `export … from`, bare
 * `import '…'`), found by pattern rather than a parser: good enough for bundler output, which writes them
 * plainly. Tells the size report whether a file carries its dependencies or leaves them to the app's bundler.
 */
export function staticImports(code: string): string[] {
  const found = new Set<string>();
  const pattern = /(?:^|[;\s}])(?:import|export)\s*(?:[\w*${}\s,]+?\s*from\s*)?(["'])([^"'\n]+)\1/g;
  for (const match of code.matchAll(pattern)) found.add(match[2]!);
  return [...found];
}

/** Specifiers that name a package (`comlink`, `@scope/pkg/sub`) rather than a file (`./chunk.js`, `/x.js`, URLs). */
export function isBareSpecifier(specifier: string): boolean {
  return !/^(?:\.{1,2}\/|\/|[a-z][a-z\d+.-]*:)/i.test(specifier);
}
