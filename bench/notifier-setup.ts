import type { BenchEnvironment } from './environment';

/** What the notifier needs in moto besides its queue; filled in when the notifier lands. */
export async function prepareNotifier(_env: BenchEnvironment): Promise<void> {}
