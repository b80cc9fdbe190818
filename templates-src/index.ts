/** Every template this project generates, in the order `npm run synth` writes them. */
import { ASSUMED_ROLE } from './assumed-role';
import type { TemplateSource } from './lib/template';
import { LIST_ACCOUNTS_ROLE } from './list-accounts-role';
import { MAIN_STACK } from './main-stack';
import { VPC_ENDPOINTS } from './vpc-endpoints';

export const TEMPLATES: readonly TemplateSource[] = [MAIN_STACK, ASSUMED_ROLE, LIST_ACCOUNTS_ROLE, VPC_ENDPOINTS];
