import { build, type Plugin } from 'esbuild';
import path from 'node:path';
import { keepOwnSources, type SourceMapV3 } from './source-map';

export const ROOT = path.resolve(__dirname, '..', '..');

/** Sources whose lines a stack trace should show; everything else is a dependency. */
const OWN_SOURCES = /^(functions|contract)\//;

/**
 * zod re-exports every locale it ships (over 250 KiB minified) through the
 * `z` namespace, which Powertools' parser imports whole, so no bundler can
 * shake them out. The functions only ever speak English: this resolves zod's
 * locale index to one that holds English alone, the locale zod registers by
 * default.
 */
const englishOnlyZod: Plugin = {
  name: 'zod-english-only',
  setup(builder) {
    builder.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      args.importer.includes(`${path.sep}node_modules${path.sep}zod${path.sep}`)
        ? { path: path.join(args.resolveDir, '..', 'locales', 'en.js'), namespace: 'zod-english-only' }
        : undefined,
    );
    builder.onLoad({ filter: /.*/, namespace: 'zod-english-only' }, (args) => ({
      contents: `export { default as en } from ${JSON.stringify(args.path)};`,
      resolveDir: path.dirname(args.path),
      loader: 'js',
    }));
  },
};

/**
 * The SDK's default credential chain (profiles, SSO, web identity, instance
 * metadata, over 100 KiB minified) replaced by the two sources a Lambda
 * function has: functions/core/aws/lambda-credentials. Only the bundles
 * change; tests and scripts keep the SDK's chain.
 */
const lambdaCredentials: Plugin = {
  name: 'lambda-credentials',
  setup(builder) {
    builder.onResolve({ filter: /^@aws-sdk\/credential-provider-node$/ }, () => ({
      path: path.join(ROOT, 'functions', 'core', 'aws', 'lambda-credentials.ts'),
    }));
  },
};

/**
 * Bundles one handler into a single CommonJS file for the nodejs22.x runtime.
 * The AWS SDK is bundled rather than taken from the runtime, so what was
 * tested is what runs. CommonJS needs no createRequire banner.
 */
export async function bundleHandler(entry: string): Promise<{ code: Buffer; map: Buffer }> {
  const result = await build({
    entryPoints: [path.join(ROOT, entry)],
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    // The SDK's ES module builds (`module`): esbuild drops the commands and serializers a function never calls.
    mainFields: ['module', 'main'],
    plugins: [englishOnlyZod, lambdaCredentials],
    minify: true,
    // linked: the map ships in the zip and index.js names it, for NODE_OPTIONS=--enable-source-maps.
    sourcemap: 'linked',
    // Stack traces need positions, not the sources' text.
    sourcesContent: false,
    // Source paths in the map relative to the repository, not this machine.
    sourceRoot: '',
    absWorkingDir: ROOT,
    outfile: 'index.js',
    write: false,
    legalComments: 'none',
    logLevel: 'warning',
    metafile: false,
  });
  const code = result.outputFiles.find((f) => f.path.endsWith('.js'));
  const map = result.outputFiles.find((f) => f.path.endsWith('.js.map'));
  if (!code || !map) throw new Error(`esbuild produced no output for ${entry}`);
  const slim = keepOwnSources(JSON.parse(map.text) as SourceMapV3, (source) => OWN_SOURCES.test(source));
  return { code: Buffer.from(code.contents), map: Buffer.from(JSON.stringify(slim)) };
}
