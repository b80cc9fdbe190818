/**
 * The shipped email templates. This file is their single source of truth:
 * the notifier bundles them as built-in defaults, and `emit.ts` writes the
 * same text to dist/Template/*.html (the S3 layout), which a unit test keeps
 * identical. Users who want their own layout upload a file with the same
 * name to `<prefix>/Template/`; the notifier prefers that one.
 *
 * Every dynamic part is a `{{placeholder}}` (see ../values.ts for the names),
 * rendered escaped. Styles are inline because many mail clients drop <style>.
 */
export interface LayoutText {
  readonly title: string;
  readonly banner: string;
  readonly bannerColour: string;
  readonly intro: string;
}

const CELL = 'padding:6px 10px;border-bottom:1px solid #e1e4e8;text-align:left;vertical-align:top';
const HEAD = `${CELL};background:#f6f8fa;font-weight:600`;

export function emailLayout(text: LayoutText): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${text.title}</title>
</head>
<body style="margin:0;padding:0;background:#f4f5f7;font-family:Arial,Helvetica,sans-serif;font-size:14px;color:#24292f">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f4f5f7">
<tr><td align="center" style="padding:24px 12px">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:760px;background:#ffffff;border:1px solid #d0d7de;border-radius:6px">
<tr><td style="padding:16px 24px;background:${text.bannerColour};color:#ffffff;border-radius:6px 6px 0 0">
<div style="font-size:18px;font-weight:600">${text.title}</div>
<div style="font-size:13px">${text.banner}</div>
</td></tr>
<tr><td style="padding:20px 24px">
<p style="margin:0 0 12px">${text.intro}</p>
<table role="presentation" cellpadding="0" cellspacing="0" style="margin:0 0 16px;font-size:13px">
<tr><td style="padding:2px 12px 2px 0;color:#57606a">Account</td><td>{{account_name}} ({{account_id}})</td></tr>
<tr><td style="padding:2px 12px 2px 0;color:#57606a">Run</td><td>{{timestamp}}</td></tr>
{{#accounts_summary}}<tr><td style="padding:2px 12px 2px 0;color:#57606a">Accounts</td><td>{{accounts_summary}}</td></tr>
{{/accounts_summary}}<tr><td style="padding:2px 12px 2px 0;color:#57606a">Policy</td><td>new key after {{rotation_period}} days; old key deactivated {{installation_grace_period}} days after rotation and deleted {{recovery_grace_period}} days after that</td></tr>
</table>
{{#failures}}<div style="margin:0 0 16px;padding:10px 12px;border:1px solid #cf222e;border-radius:4px;background:#ffebe9">
<div style="font-weight:600;color:#cf222e;margin:0 0 4px">Failures</div>
<div>{{failures}}</div>
</div>
{{/failures}}{{#notes}}<div style="margin:0 0 16px;padding:10px 12px;border:1px solid #d4a72c;border-radius:4px;background:#fff8c5">
<div style="font-weight:600;margin:0 0 4px">Notes</div>
<div>{{notes}}</div>
</div>
{{/notes}}{{#has_action_rows}}<table width="100%" cellpadding="0" cellspacing="0" style="border-collapse:collapse;font-size:13px;margin:0 0 16px">
<tr><th style="${HEAD}">Account</th><th style="${HEAD}">User</th><th style="${HEAD}">Access key</th><th style="${HEAD}">Action</th><th style="${HEAD}">Due</th><th style="${HEAD}">Outcome</th></tr>
{{#action_rows}}<tr><td style="${CELL}">{{account}}</td><td style="${CELL}">{{user}}</td><td style="${CELL};font-family:Consolas,Menlo,monospace">{{key_id}}</td><td style="${CELL}">{{action}}{{#detail}}<br><span style="color:#57606a">{{detail}}</span>{{/detail}}</td><td style="${CELL}">{{due_date}}</td><td style="${CELL}">{{outcome}}</td></tr>
{{/action_rows}}</table>
{{/has_action_rows}}{{^has_action_rows}}{{#actions}}<div style="margin:0 0 16px;line-height:1.6">{{actions}}</div>
{{/actions}}{{^actions}}<p style="margin:0 0 16px">No access key needs attention.</p>
{{/actions}}{{/has_action_rows}}<p style="margin:0 0 8px;font-size:13px">A new key is stored in AWS Secrets Manager as <code>Account_&lt;account&gt;_User_&lt;user&gt;_AccessKey</code>, readable only by that user. Switch your applications to it before the old key is deactivated.</p>
<p style="margin:0;font-size:12px;color:#57606a">Sent by the IAM access key rotation tool ({{partition_name}}) from {{sender_email}}. Questions: reply to this address.</p>
</td></tr>
</table>
</td></tr>
</table>
</body>
</html>
`;
}
