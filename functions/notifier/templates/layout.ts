/**
 * The shipped email templates. This file is their single source of truth:
 * the notifier bundles them as built-in defaults, and `emit.ts` writes the
 * same text to dist/Template/*.html (the S3 layout), which a unit test keeps
 * identical. Users who want their own layout upload a file with the same
 * name to `<prefix>/Template/`; the notifier prefers that one.
 *
 * Every dynamic part is a `{{placeholder}}` (see ../values.ts for the names),
 * rendered escaped. Email-safe on purpose: tables for layout, inline styles
 * only, from a short list of properties Gmail and Outlook both keep (no
 * <style> block, no flex, grid, float or position, no images, no scripts);
 * `npm test` parses every template and rendered sample to hold them to it.
 */
export interface LayoutText {
  readonly title: string;
  readonly banner: string;
  readonly bannerColour: string;
}

export const FONT = 'font-family:Arial,Helvetica,sans-serif';
export const MONO = 'font-family:Consolas,Menlo,Courier New,monospace';
const LABEL = 'padding:2px 12px 2px 0;color:#57606a;vertical-align:top';
// The actions table is the reference under the to-do lines: compact, and dates, keys and names never broken mid-token.
const ROW = 'padding:4px 8px 4px 0;border-bottom:1px solid #e1e4e8;text-align:left;vertical-align:top';
const ROW_HEAD = `${ROW};color:#57606a;font-weight:bold`;
const NOWRAP = 'white-space:nowrap';
const CODE = `${MONO};font-size:12px;line-height:18px;color:#24292f;white-space:pre-wrap`;

/** The frame every mail shares: a grey page, a white card of at most 760 px, a coloured banner. */
export function frame(text: LayoutText, body: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${text.title}</title>
</head>
<body style="margin:0;padding:0;background-color:#f4f5f7;${FONT};font-size:14px;color:#24292f">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background-color:#f4f5f7">
<tr><td align="center" style="padding:24px 12px">
<table role="presentation" width="760" cellpadding="0" cellspacing="0" border="0" style="width:100%;max-width:760px;background-color:#ffffff;border:1px solid #d0d7de">
<tr><td bgcolor="${text.bannerColour}" style="padding:16px 24px;background-color:${text.bannerColour};color:#ffffff">
<div style="font-size:18px;font-weight:bold">${text.title}</div>
<div style="font-size:13px">${text.banner}</div>
</td></tr>
<tr><td style="padding:20px 24px">
${body}
<p style="margin:16px 0 0;font-size:12px;color:#57606a">Sent by the IAM access key rotation tool from {{sender_email}}. Questions: reply to this address.</p>
</td></tr>
</table>
</td></tr>
</table>
</body>
</html>
`;
}

/** What the reader must do, first: one line each, a coloured label in front (critical, to do, note). */
const TODO = `{{#todo_heading}}<p style="margin:0 0 8px;font-size:16px;font-weight:bold">{{todo_heading}}</p>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="margin:0 0 16px">
{{#todo}}<tr><td width="64" style="width:64px;padding:4px 8px 4px 0;vertical-align:top"><span style="background-color:{{colour}};color:#ffffff;font-size:11px;font-weight:bold;padding:2px 6px">{{label}}</span></td><td style="padding:4px 0;line-height:20px;vertical-align:top">{{text}}</td></tr>
{{/todo}}</table>
{{/todo_heading}}`;

/** For each rotated key: where its secret is and how to read it, in the CLI and two SDKs. */
const FETCH = `{{#fetch}}<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="margin:0 0 16px;border:1px solid #d0d7de;background-color:#f6f8fa">
<tr><td style="padding:12px 14px">
<div style="font-weight:bold;margin:0 0 6px">How to fetch {{user}}'s new key ({{new_key_id}})</div>
<div style="margin:0 0 8px;font-size:13px;line-height:19px">Secret <span style="${MONO}">{{secret_name}}</span> in {{region}}{{#secret_account}}, account {{secret_account}} (the central account: use the ARN below as the secret id){{/secret_account}}. Only {{user}} can read it: run these with the key {{user}} uses now.</div>
<div style="font-size:12px;color:#57606a;margin:6px 0 2px">AWS CLI</div>
<div style="${CODE}">{{#cli}}{{line}}<br>{{/cli}}</div>
<div style="font-size:12px;color:#57606a;margin:8px 0 2px">JavaScript (AWS SDK v3)</div>
<div style="${CODE}">{{#javascript}}{{line}}<br>{{/javascript}}</div>
<div style="font-size:12px;color:#57606a;margin:8px 0 2px">Python (boto3)</div>
<div style="${CODE}">{{#python}}{{line}}<br>{{/python}}</div>
{{#has_smtp}}<div style="font-size:12px;color:#57606a;margin:8px 0 2px">SES SMTP</div>
<div style="${CODE}">{{#smtp}}{{line}}<br>{{/smtp}}</div>
{{/has_smtp}}</td></tr>
</table>
{{/fetch}}`;

const BOXES = `{{#failures}}<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="margin:0 0 16px;border:1px solid #cf222e;background-color:#ffebe9">
<tr><td style="padding:10px 12px"><div style="font-weight:bold;color:#cf222e;margin:0 0 4px">Failures</div><div>{{failures}}</div></td></tr>
</table>
{{/failures}}{{#notes}}<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="margin:0 0 16px;border:1px solid #d4a72c;background-color:#fff8c5">
<tr><td style="padding:10px 12px"><div style="font-weight:bold;margin:0 0 4px">Notes</div><div>{{notes}}</div></td></tr>
</table>
{{/notes}}`;

/** The admin digest's delivery count (failing ones listed) and compliance view; empty in a key owner's or account contact's mail. */
const COMPLIANCE = `{{#deliveries_summary}}<p style="margin:0 0 16px;font-size:13px"><b>{{deliveries_summary}}</b>{{#delivery_failures}}<br><span style="color:#cf222e">{{line}}</span>{{/delivery_failures}}</p>
{{/deliveries_summary}}{{#compliance}}{{compliance}}
{{/compliance}}`;

const DETAILS = `<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="margin:0 0 12px;font-size:13px">
{{^accounts_summary}}<tr><td style="${LABEL}">Account</td><td>{{account_name}} ({{account_id}})</td></tr>
{{/accounts_summary}}{{#accounts_summary}}<tr><td style="${LABEL}">Accounts</td><td>{{accounts_summary}}</td></tr>
{{/accounts_summary}}<tr><td style="${LABEL}">Date</td><td>{{timestamp}}</td></tr>
<tr><td style="${LABEL}">Policy</td><td>new key after {{rotation_period}} days; old key deactivated {{installation_grace_period}} days after rotation and deleted {{recovery_grace_period}} days after that</td></tr>
</table>
{{#has_action_rows}}<table width="100%" cellpadding="0" cellspacing="0" border="0" style="border-collapse:collapse;font-size:12px;line-height:17px;margin:0 0 16px">
<tr>{{#show_account}}<th style="${ROW_HEAD}">Account</th>{{/show_account}}<th style="${ROW_HEAD}">User</th><th style="${ROW_HEAD}">Access key</th><th style="${ROW_HEAD}">Action</th><th style="${ROW_HEAD}">Due</th><th style="${ROW_HEAD}">Outcome</th></tr>
{{#action_rows}}<tr>{{#show_account}}<td style="${ROW}">{{account_short}}{{#account_number}}<br><span style="color:#57606a">{{account_number}}</span>{{/account_number}}</td>{{/show_account}}<td style="${ROW};${NOWRAP}">{{user_name}}</td><td style="${ROW};${MONO};${NOWRAP}">{{key_id}}</td><td style="${ROW}">{{action}}{{#detail}}<br><span style="color:#57606a">{{detail}}</span>{{/detail}}{{#evidence}}<br><span style="color:#57606a">{{line}}</span>{{/evidence}}</td><td style="${ROW};${NOWRAP}">{{due_date}}</td><td style="${ROW}">{{outcome}}</td></tr>
{{/action_rows}}</table>
{{/has_action_rows}}{{^has_action_rows}}{{#actions}}<div style="margin:0 0 16px;line-height:22px">{{actions}}</div>
{{/actions}}{{^actions}}<p style="margin:0 0 16px">No access key needs attention.</p>
{{/actions}}{{/has_action_rows}}`;

/**
 * A key owner's or account contact's mail: what to do first, how to fetch a
 * new key, failures and notes, then the account, the policy and the table.
 * The admin digest fills the same frame, with its compliance view before the table.
 */
export function emailLayout(text: LayoutText): string {
  return frame(text, `${TODO}${FETCH}${BOXES}${COMPLIANCE}<p style="margin:8px 0 4px;font-size:14px;font-weight:bold">Details</p>\n${DETAILS}`);
}
