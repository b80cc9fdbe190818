import { ZIP_NAMES, type FunctionKey } from '../../contract/names';

/** Each Lambda's entry point; the bundle exports its `handler` as index.handler. */
export const FUNCTION_ENTRIES: Record<FunctionKey, string> = {
  rotation: 'functions/rotation/index.ts',
  inventory: 'functions/inventory/index.ts',
  notifier: 'functions/notifier/index.ts',
};

export const FUNCTION_KEYS = Object.keys(ZIP_NAMES) as FunctionKey[];
