import { config, locales } from 'zod/mini';

/**
 * The functions' schemas use zod/mini: its functions are imported one by one,
 * so a bundle carries only those it calls, where zod's classic API brings
 * all of zod into every cold start. Import it as `import * as z from` this
 * module (a namespace used only as `z.string()` and the like lets esbuild
 * drop the rest). Messages are English, as the classic API registers on its own.
 */
config(locales.en());

export * from 'zod/mini';
