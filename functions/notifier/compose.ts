import type { Logger } from '../core/log/logger';
import type { OutgoingEmail } from './mailer';
import { compileTemplate, renderTemplate, type TemplateValues } from './render';
import { clean } from './subjects';
import type { LoadedTemplate } from './template-store';
import { TEXT_TEMPLATE } from './templates/builtin';

const TEXT = compileTemplate(TEXT_TEMPLATE);

/** Renders the HTML part from the chosen template and the text part from the built-in one, same values. */
export function composeEmail(
  template: LoadedTemplate,
  values: TemplateValues,
  subject: string,
  to: readonly string[],
  logger: Logger,
): OutgoingEmail {
  const html = renderTemplate(template.template, values, 'html');
  if (html.missing.length > 0) {
    // A user's template naming a placeholder we do not fill is a typo worth seeing, not a reason to withhold the mail.
    logger.warn('email template uses placeholders without a value; they render empty', { template: template.name, origin: template.origin, placeholders: html.missing });
  }
  const text = renderTemplate(TEXT, values, 'text');
  return { to, subject: clean(subject), html: html.output, text: text.output };
}
