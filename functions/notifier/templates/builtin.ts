import { EMAIL_TEMPLATES } from '../../../contract/names';
import { emailLayout } from './layout';

/** Enforce mode: what the reader must do, what was done, and what comes. */
export const ENFORCEMENT_TEMPLATE = emailLayout({
  title: 'IAM access key rotation',
  banner: 'Access keys were rotated, switched off or deleted, or will be soon, following your organization\'s access key policy.{{#audit_note}}<br>{{audit_note}}{{/audit_note}}',
  bannerColour: '#0b5cad',
});

/** Audit (dry run) mode: nothing was changed; the same lines say what enforce mode would do. */
export const AUDIT_TEMPLATE = emailLayout({
  title: 'IAM access key rotation: audit report',
  banner: '{{mode_label}} Below is what enforce mode would do.',
  bannerColour: '#57606a',
});

/**
 * The plain-text part, built from the same values. It is not configurable:
 * it exists for clients that do not show HTML and for spam filters, which
 * penalise HTML-only mail. Same order as the HTML: what to do first.
 */
export const TEXT_TEMPLATE = `{{heading}}
{{mode_label}}

{{#todo_heading}}{{todo_heading}}
{{#todo}}- {{label}}: {{text}}
{{/todo}}
{{/todo_heading}}{{#fetch}}How to fetch {{user}}'s new key ({{new_key_id}})
Secret {{secret_name}} in {{region}}{{#secret_account}}, account {{secret_account}} (the central account: use the ARN below as the secret id){{/secret_account}}. Only {{user}} can read it: run these with the key {{user}} uses now.
  AWS CLI:
{{#cli}}    {{line}}
{{/cli}}  JavaScript (AWS SDK v3):
{{#javascript}}    {{line}}
{{/javascript}}  Python (boto3):
{{#python}}    {{line}}
{{/python}}{{#has_smtp}}  SES SMTP:
{{#smtp}}    {{line}}
{{/smtp}}{{/has_smtp}}
{{/fetch}}{{#failures}}FAILURES
{{failures}}

{{/failures}}{{#notes}}NOTES
{{notes}}

{{/notes}}{{#deliveries_summary}}{{deliveries_summary}}
{{#delivery_failures}}- {{line}}
{{/delivery_failures}}
{{/deliveries_summary}}{{#compliance}}{{compliance}}

{{/compliance}}DETAILS
{{^accounts_summary}}Account: {{account_name}} ({{account_id}})
{{/accounts_summary}}{{#accounts_summary}}Accounts: {{accounts_summary}}
{{/accounts_summary}}Date: {{timestamp}}
Policy: new key after {{rotation_period}} days; old key deactivated {{installation_grace_period}} days after rotation and deleted {{recovery_grace_period}} days after that.
{{#has_action_rows}}{{#action_rows}}- {{user}} / {{key_id}}: {{action}}, due {{due_date}}, {{outcome}}{{#detail}} ({{detail}}){{/detail}}
{{#evidence}}  {{line}}
{{/evidence}}{{/action_rows}}{{/has_action_rows}}{{^has_action_rows}}{{#actions}}{{actions}}
{{/actions}}{{^actions}}No access key needs attention.
{{/actions}}{{/has_action_rows}}
A new key is stored in AWS Secrets Manager as Account_<account>_User_<user>_AccessKey, readable only by that user.
Sent by the IAM access key rotation tool from {{sender_email}}.
`;

/** The shipped files by name, as they appear in dist/Template/ and in `<prefix>/Template/`. */
export const BUILT_IN_TEMPLATES: Readonly<Record<string, string>> = {
  [EMAIL_TEMPLATES.enforce]: ENFORCEMENT_TEMPLATE,
  [EMAIL_TEMPLATES.audit]: AUDIT_TEMPLATE,
};
