import { decode, encode, type SourceMapMappings, type SourceMapSegment } from '@jridgewell/sourcemap-codec';

/** The fields of a version 3 source map that esbuild writes. */
export interface SourceMapV3 {
  readonly version: 3;
  readonly sources: readonly string[];
  readonly sourcesContent?: readonly (string | null)[];
  readonly names: readonly string[];
  readonly mappings: string;
  readonly sourceRoot?: string;
  readonly file?: string;
}

/**
 * Keeps the mappings into the sources `isOwn` accepts and marks the code of
 * every other source as unmapped. A stack frame in our code still names the
 * .ts file, line and column; a frame inside a dependency shows its position
 * in index.js, which is what it would show without a map, rather than a
 * wrong line. Dependencies are most of the bundle, so this is most of the
 * map: without it the map's parse dominated the cold start under
 * --enable-source-maps, and its bytes the zip.
 */
export function keepOwnSources(map: SourceMapV3, isOwn: (source: string) => boolean): SourceMapV3 {
  const sourceIndex = new Map<number, number>();
  const sources: string[] = [];
  const sourcesContent: (string | null)[] = [];
  map.sources.forEach((source, index) => {
    if (!isOwn(source)) return;
    sourceIndex.set(index, sources.length);
    sources.push(source);
    sourcesContent.push(map.sourcesContent?.[index] ?? null);
  });
  const nameIndex = new Map<number, number>();
  const names: string[] = [];
  const mappings: SourceMapMappings = decode(map.mappings).map((line) => {
    const kept: SourceMapSegment[] = [];
    for (const segment of line) {
      const source = segment.length === 1 ? undefined : sourceIndex.get(segment[1]);
      if (segment.length === 1 || source === undefined) {
        // One unmapped segment per run of dependency code is enough: a segment holds until the next one.
        if (kept.length > 0 && kept[kept.length - 1]?.length !== 1) kept.push([segment[0]]);
        continue;
      }
      if (segment.length === 5) {
        let name = nameIndex.get(segment[4]);
        if (name === undefined) {
          name = names.length;
          nameIndex.set(segment[4], name);
          names.push(map.names[segment[4]] ?? '');
        }
        kept.push([segment[0], source, segment[2], segment[3], name]);
      } else {
        kept.push([segment[0], source, segment[2], segment[3]]);
      }
    }
    return kept;
  });
  return {
    version: 3,
    ...(map.file !== undefined ? { file: map.file } : {}),
    ...(map.sourceRoot !== undefined ? { sourceRoot: map.sourceRoot } : {}),
    sources,
    ...(map.sourcesContent ? { sourcesContent } : {}),
    names,
    mappings: encode(mappings),
  };
}
