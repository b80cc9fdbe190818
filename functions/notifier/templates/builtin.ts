import { EMAIL_TEMPLATES } from '../../../contract/names';
import { emailLayout } from './layout';

/** Enforce mode: what was done and what will be done. */
export const ENFORCEMENT_TEMPLATE = emailLayout({
  title: 'IAM access key rotation',
  banner: 'Enforce mode: the actions below were carried out or are scheduled.',
  bannerColour: '#0b5cad',
  intro: 'These IAM user access keys were rotated, deactivated or deleted, or will be soon, following the access key policy of your organization.',
});

/** Audit (dry run) mode: nothing was changed; the same table says what enforce mode would do. */
export const AUDIT_TEMPLATE = emailLayout({
  title: 'IAM access key rotation: audit report',
  banner: 'Audit mode (dry run): nothing was changed.',
  bannerColour: '#6e7781',
  intro: 'The rotation tool runs in audit mode. Nothing was changed; the actions below are what enforce mode would do, and when.',
});

/**
 * The plain-text part, built from the same values. It is not configurable:
 * it exists for clients that do not show HTML and for spam filters, which
 * penalise HTML-only mail.
 */
export const TEXT_TEMPLATE = `{{heading}}
{{mode_label}}

Account: {{account_name}} ({{account_id}})
Run: {{timestamp}}
{{#accounts_summary}}Accounts: {{accounts_summary}}
{{/accounts_summary}}Policy: new key after {{rotation_period}} days; old key deactivated {{installation_grace_period}} days after rotation and deleted {{recovery_grace_period}} days after that.
{{#failures}}
FAILURES
{{failures}}
{{/failures}}{{#notes}}
NOTES
{{notes}}
{{/notes}}
ACTIONS
{{#has_action_rows}}{{#action_rows}}- {{account}} / {{user}} / {{key_id}}: {{action}}, due {{due_date}}, {{outcome}}{{#detail}} ({{detail}}){{/detail}}
{{/action_rows}}{{/has_action_rows}}{{^has_action_rows}}{{#actions}}{{actions}}
{{/actions}}{{^actions}}No access key needs attention.
{{/actions}}{{/has_action_rows}}
A new key is stored in AWS Secrets Manager as Account_<account>_User_<user>_AccessKey, readable only by that user.
Sent by the IAM access key rotation tool ({{partition_name}}) from {{sender_email}}.
`;

/** The shipped files by name, as they appear in dist/Template/ and in `<prefix>/Template/`. */
export const BUILT_IN_TEMPLATES: Readonly<Record<string, string>> = {
  [EMAIL_TEMPLATES.enforce]: ENFORCEMENT_TEMPLATE,
  [EMAIL_TEMPLATES.audit]: AUDIT_TEMPLATE,
};
