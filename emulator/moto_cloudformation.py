"""Two places where moto's CloudFormation differs from AWS in what `npm run deploy` does.

1. CloudFormation drops a list item that resolves to AWS::NoValue; moto keeps it as null.

The member-role template puts optional policy statements in lists as
Fn::If [condition, statement, Ref AWS::NoValue]. In AWS the false branch
vanishes; moto 5 leaves None in the Statement list, and its IAM validator
then refuses the whole policy ("Syntax errors in policy"), so the template
could not be deployed on the emulator at all. This wraps moto's resolver so
that lists lose their None items, as CloudFormation's do. The recursion in
moto's parsing module calls the module attribute, so nested lists are
cleaned too.

2. Service-managed StackSets (see _create_instances_as_organizations_does).
"""

from moto.cloudformation import parsing

_original_clean_json = parsing.clean_json


def _clean_json_dropping_no_value(resource_json, resources_map):
    cleaned = _original_clean_json(resource_json, resources_map)
    if isinstance(resource_json, list) and isinstance(cleaned, list):
        return [item for item in cleaned if item is not None]
    return cleaned


def install():
    parsing.clean_json = _clean_json_dropping_no_value
    install_stack_sets()


def _create_instances_as_organizations_does(original):
    """Service-managed StackSets: every ACTIVE account in the target OUs and
    all OUs below them, never the management account. moto 5 deploys to the
    direct children only and includes the management account (whose stack,
    in AWS, `npm run stackset` creates as a plain stack: the two collide on the
    role's name on moto)."""

    def create_instances(self, accounts, regions, parameters, deployment_targets, permission_model):
        if permission_model != "SERVICE_MANAGED":
            return original(self, accounts, regions, parameters, deployment_targets, permission_model)
        org = self.org_backend
        management = org.org.master_account_id if org.org else None
        wanted = set(deployment_targets.get("OrganizationalUnitIds", []))
        grew = True
        while grew:
            below = {ou.id for ou in org.ou if ou.parent_id in wanted}
            grew = not below <= wanted
            wanted |= below
        targets = [
            account.id
            for account in org.accounts
            if account.parent_id in wanted and account.id != management and account.status == "ACTIVE"
        ]
        return original(self, list(accounts) + targets, regions, parameters, {}, permission_model)

    return create_instances


def install_stack_sets():
    from moto.cloudformation import models

    models.StackInstances.create_instances = _create_instances_as_organizations_does(models.StackInstances.create_instances)
