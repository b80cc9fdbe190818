import * as z from 'zod/mini';

/**
 * The functions' schemas use zod/mini: its functions are imported one by one,
 * so a bundle carries only those it calls, where zod's classic API brings
 * all of zod (about 40 ms of a cold start). Messages are English, as
 * zod's classic API would register on its own.
 */
z.config(z.locales.en());

export { z };
