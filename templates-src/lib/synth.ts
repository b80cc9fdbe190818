/** Renders every template to YAML; writing them is the script's job. */
import { TEMPLATES } from '../index';
import { toYaml } from './yaml';

export interface SynthesizedTemplate {
  readonly file: string;
  readonly yaml: string;
}

export function synthesize(): SynthesizedTemplate[] {
  return TEMPLATES.map((t) => ({ file: t.file, yaml: toYaml(t.build(), { file: t.file, source: t.source }) }));
}
