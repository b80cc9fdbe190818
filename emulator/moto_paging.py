"""Make moto page like AWS where the benchmark and the product depend on it.

moto returns GetAccountAuthorizationDetails and ListUsers in one page, ListAccounts
100 at a time, and ListChildren and ListRoots unpaged; AWS pages all of them. A
product that reads only the first page, or a benchmark that counts one call where
AWS needs fifty, would both pass on moto. `install()` replaces those operations'
response methods with ones that page as the AWS API reference says (page sizes
and MaxResults/MaxItems ranges as in botocore's service models):

    IAM            GetAccountAuthorizationDetails, ListUsers: MaxItems 1..1000,
                   default 100, Marker/IsTruncated
    Organizations  ListAccounts, ListAccountsForParent, ListOrganizationalUnitsForParent,
                   ListChildren, ListRoots: MaxResults 1..20, default 20, NextToken

A smaller MaxItems/MaxResults is honoured; a value out of range is refused as AWS
refuses it. Tokens are opaque to the caller and bound to the operation and its
arguments: replaying one elsewhere is refused, like a forged AWS token.
"""

import base64
import hashlib
import json

from moto.core.responses import ActionResult
from moto.iam.exceptions import ValidationError
from moto.iam.responses import IamResponse
from moto.organizations.exceptions import InvalidInputException
from moto.organizations.responses import OrganizationsResponse

IAM_MAX_ITEMS = 1000
IAM_DEFAULT_ITEMS = 100
ORG_MAX_RESULTS = 20
ORG_DEFAULT_RESULTS = 20


class PageRequestError(Exception):
    """A page size or token the service would refuse; each service words it its own way."""

    def __init__(self, reason, message):
        super().__init__(message)
        self.reason = reason
        self.message = message


def _fingerprint(operation, arguments):
    text = json.dumps([operation, arguments], sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def encode_token(operation, arguments, offset):
    raw = json.dumps({"o": offset, "f": _fingerprint(operation, arguments)})
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_token(operation, arguments, token):
    """The offset a token stands for; PageRequestError if it was not issued for this call."""
    try:
        padded = token + "=" * (-len(token) % 4)
        data = json.loads(base64.urlsafe_b64decode(padded.encode()).decode())
        offset = int(data["o"])
        matches = data["f"] == _fingerprint(operation, arguments)
    except (ValueError, KeyError, TypeError):
        matches, offset = False, -1
    if not matches or offset < 0:
        raise PageRequestError("INVALID_PAGINATION_TOKEN", f"the token does not come from a previous {operation} call with these arguments")
    return offset


def page_size(name, value, default, maximum):
    if value is None:
        return default
    size = int(value)
    if size < 1:
        raise PageRequestError("MIN_VALUE_EXCEEDED", f"{name} must be at least 1, got {size}")
    if size > maximum:
        raise PageRequestError("MAX_VALUE_EXCEEDED", f"{name} must be at most {maximum}, got {size}")
    return size


def slice_page(operation, arguments, items, token, size):
    """(page, next token or None) of `items`, which must come in a stable order."""
    offset = decode_token(operation, arguments, token) if token else 0
    page = items[offset : offset + size]
    following = offset + size
    return page, (encode_token(operation, arguments, following) if following < len(items) else None)


# IAM ----------------------------------------------------------------------------------------

def _iam_error(error):
    # IAM reports both a bad MaxItems and a bad Marker as ValidationError.
    return ValidationError(f"1 validation error detected: {error.message}")


def _iam_page(response, operation, arguments, items):
    try:
        size = page_size("MaxItems", response._get_param("MaxItems"), IAM_DEFAULT_ITEMS, IAM_MAX_ITEMS)
        return slice_page(operation, arguments, list(items), response._get_param("Marker"), size)
    except PageRequestError as error:
        raise _iam_error(error) from None


# Lists in the order the response holds them; MaxItems counts the items of all of them together.
_AUTHORIZATION_LISTS = (
    ("UserDetailList", "users"),
    ("GroupDetailList", "groups"),
    ("RoleDetailList", "roles"),
    ("Policies", "managed_policies"),
)


def get_account_authorization_details(self):
    entity_filter = sorted(self._get_param("Filter", []) or [])
    details = self.backend.get_account_authorization_details(entity_filter)
    tagged = [(key, item) for key, source in _AUTHORIZATION_LISTS for item in details[source]]
    page, marker = _iam_page(self, "GetAccountAuthorizationDetails", {"Filter": entity_filter}, tagged)
    result = {key: [item for k, item in page if k == key] for key, _ in _AUTHORIZATION_LISTS}
    result["IsTruncated"] = marker is not None
    if marker is not None:
        result["Marker"] = marker
    return ActionResult(result)


def list_users(self):
    path_prefix = self._get_param("PathPrefix")
    users = self.backend.list_users(path_prefix, None, None)
    page, marker = _iam_page(self, "ListUsers", {"PathPrefix": path_prefix}, users)
    result = {"Users": page, "IsTruncated": marker is not None}
    if marker is not None:
        result["Marker"] = marker
    return ActionResult(result)


# Organizations ------------------------------------------------------------------------------

def _org_page(response, operation, arguments, items, key, describe=lambda item: item):
    """One page of `items`; only the page's items are described, as a 1,000-account listing is 50 pages."""
    try:
        size = page_size("MaxResults", response._get_param("MaxResults"), ORG_DEFAULT_RESULTS, ORG_MAX_RESULTS)
        page, token = slice_page(operation, arguments, list(items), response._get_param("NextToken"), size)
    except PageRequestError as error:
        failure = InvalidInputException(f"{error.reason}: {error.message}")
        failure.Reason = error.reason
        raise failure from None
    body = {key: [describe(item) for item in page]}
    if token is not None:
        body["NextToken"] = token
    return json.dumps(body)


def _unpaged(backend_method):
    # The backend methods moto pages itself carry the unpaged list underneath.
    return getattr(backend_method, "__wrapped__", backend_method)


def _describe_account(account):
    return account.describe()


def list_accounts(self):
    # moto's own list_accounts describes every account and sorts by JoinedTimestamp, which is the creation time.
    accounts = sorted(self.organizations_backend.accounts, key=lambda account: account.create_time)
    return _org_page(self, "ListAccounts", {}, accounts, "Accounts", _describe_account)


def list_accounts_for_parent(self):
    backend = self.organizations_backend
    parent_id = self._get_param("ParentId")
    accounts = _unpaged(type(backend).list_accounts_for_parent)(backend, parent_id=parent_id)
    return _org_page(self, "ListAccountsForParent", {"ParentId": parent_id}, accounts, "Accounts", _describe_account)


def list_organizational_units_for_parent(self):
    backend = self.organizations_backend
    parent_id = self._get_param("ParentId")
    units = _unpaged(type(backend).list_organizational_units_for_parent)(backend, parent_id=parent_id)
    return _org_page(
        self,
        "ListOrganizationalUnitsForParent",
        {"ParentId": parent_id},
        units,
        "OrganizationalUnits",
        lambda ou: {"Id": ou.id, "Arn": ou.arn, "Name": ou.name},
    )


def list_children(self):
    arguments = {"ParentId": self._get_param("ParentId"), "ChildType": self._get_param("ChildType")}
    children = self.organizations_backend.list_children(**arguments)["Children"]
    return _org_page(self, "ListChildren", arguments, children, "Children")


def list_roots(self):
    roots = self.organizations_backend.list_roots()["Roots"]
    return _org_page(self, "ListRoots", {}, roots, "Roots")


def install():
    IamResponse.get_account_authorization_details = get_account_authorization_details
    IamResponse.list_users = list_users
    OrganizationsResponse.list_accounts = list_accounts
    OrganizationsResponse.list_accounts_for_parent = list_accounts_for_parent
    OrganizationsResponse.list_organizational_units_for_parent = list_organizational_units_for_parent
    OrganizationsResponse.list_children = list_children
    OrganizationsResponse.list_roots = list_roots
