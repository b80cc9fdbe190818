/** A cloudform template plus the sections cloudform lacks (Rules). */
import type { Template as CloudformTemplate } from 'cloudform';
import type { Rules } from './rules';

export interface Template extends CloudformTemplate {
  readonly Rules?: Rules;
}

/** A template together with where it is written and where it comes from. */
export interface TemplateSource {
  /** File name under dist/CloudFormation/ (from TEMPLATE_FILES). */
  readonly file: string;
  /** Source folder relative to the repository root, named in the YAML header. */
  readonly source: string;
  readonly build: () => Template;
}
