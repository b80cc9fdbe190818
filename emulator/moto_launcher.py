"""Start moto's server with a clock a test can move.

moto has no clock endpoint, and the tool's whole subject is time (a key
created "100 days ago"). Every moto model reads the time through
moto.core.utils.utcnow, imported by name into dozens of modules; replacing the
function's code object shifts all of them at once, including modules that are
only imported later, when their service is first called.

    POST /_clock {"offsetSeconds": -8640000}   shift by an offset
    POST /_clock {"now": "2026-01-01T00:00:00Z"} pin the offset so that now is that instant
    DELETE /_clock                            back to the real time
    GET /_clock                               {"now": ..., "offsetSeconds": ...}

It also makes moto page its IAM and Organizations listings as AWS does
(moto_paging.py), and gives the management account a name a person would give
it (MANAGEMENT_ACCOUNT_NAME) instead of moto's "master", which would otherwise
show in every mail and plan about that account, and makes its CloudFormation
drop AWS::NoValue list items as AWS does (moto_cloudformation.py). CloudTrail
LookupEvents, which moto lacks, is served from seeded events (cloudtrail_events.py).
SES v2 ListEmailIdentities, which the SDK now sends as POST
/v2/email/list-identities, reaches moto's GET /v2/email/identities.
"""

import argparse
import datetime
import io
import json
import logging
import os
import sys
import threading
import time
import urllib.parse

import cloudtrail_events
import moto.core.utils as moto_utils
import moto_cloudformation
import moto_paging
from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
from werkzeug.serving import run_simple
from werkzeug.wrappers import Request, Response

moto_utils._CLOCK_OFFSET = datetime.timedelta(0)
moto_utils._CLOCK_UTC = datetime.timezone.utc


def _shifted_utcnow():
    # Runs with moto.core.utils' globals, where the two names above live.
    return datetime.datetime.now(_CLOCK_UTC).replace(tzinfo=None) + _CLOCK_OFFSET  # noqa: F821


moto_utils.utcnow.__code__ = _shifted_utcnow.__code__


def _real_now():
    return datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)


def _clock_state():
    now = _real_now() + moto_utils._CLOCK_OFFSET
    return {
        "now": now.isoformat(timespec="milliseconds") + "Z",
        "offsetSeconds": moto_utils._CLOCK_OFFSET.total_seconds(),
    }


def _handle_clock(request):
    if request.method == "DELETE":
        moto_utils._CLOCK_OFFSET = datetime.timedelta(0)
    elif request.method == "POST":
        body = json.loads(request.get_data() or b"{}")
        if "offsetSeconds" in body:
            moto_utils._CLOCK_OFFSET = datetime.timedelta(seconds=float(body["offsetSeconds"]))
        elif "now" in body:
            target = datetime.datetime.fromisoformat(body["now"].replace("Z", "+00:00"))
            target = target.astimezone(datetime.timezone.utc).replace(tzinfo=None)
            moto_utils._CLOCK_OFFSET = target - _real_now()
        else:
            return Response('{"error": "offsetSeconds or now required"}', 400, mimetype="application/json")
    return Response(json.dumps(_clock_state()), 200, mimetype="application/json")


def with_clock(app):
    def wrapped(environ, start_response):
        if environ.get("PATH_INFO") == "/_clock":
            return _handle_clock(Request(environ))(environ, start_response)
        return app(environ, start_response)

    return wrapped


def with_sesv2_list_identities(app):
    """The SDK's POST /v2/email/list-identities (JSON body) as moto's GET /v2/email/identities (query).

    Only NextToken is passed on: moto adds PageSize to an int without converting it.
    """

    def wrapped(environ, start_response):
        if environ.get("PATH_INFO") == "/v2/email/list-identities" and environ.get("REQUEST_METHOD") == "POST":
            length = int(environ.get("CONTENT_LENGTH") or 0)
            body = json.loads(environ["wsgi.input"].read(length) or b"{}") if length else {}
            token = body.get("NextToken")
            environ = dict(environ)
            environ["REQUEST_METHOD"] = "GET"
            environ["QUERY_STRING"] = urllib.parse.urlencode({"NextToken": token}) if token else ""
            # moto routes by the raw URI too.
            for key in ("PATH_INFO", "REQUEST_URI", "RAW_URI"):
                environ[key] = "/v2/email/identities"
            environ["CONTENT_LENGTH"] = "0"
            environ["wsgi.input"] = io.BytesIO(b"")
        return app(environ, start_response)

    return wrapped


def exit_with_parent(parent_pid):
    # A test runner that dies without its teardown must not leave servers behind.
    def watch():
        while True:
            time.sleep(1)
            if os.getppid() != parent_pid:
                os._exit(0)

    threading.Thread(target=watch, daemon=True).start()


MANAGEMENT_ACCOUNT_NAME = "Management"


def name_management_account():
    """Renames moto's "master" account as it creates an organization.

    moto's DeleteOrganization tells the management account by that name, so it
    would now refuse; nothing here deletes an organization.
    """
    from moto.organizations.models import OrganizationsBackend

    create = OrganizationsBackend.create_organization

    def create_organization(self, *args, **kwargs):
        result = create(self, *args, **kwargs)
        for account in self.accounts:
            if account.id == self.org.master_account_id:
                account.name = MANAGEMENT_ACCOUNT_NAME
        return result

    OrganizationsBackend.create_organization = create_organization


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--parent-pid", type=int, help="exit when this process is gone")
    args = parser.parse_args()
    moto_paging.install()
    moto_cloudformation.install()
    name_management_account()
    if args.parent_pid:
        exit_with_parent(args.parent_pid)
    # One log line per request drowns the test output.
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    app = with_sesv2_list_identities(cloudtrail_events.with_lookup_events(with_clock(DomainDispatcherApplication(create_backend_app))))
    sys.stderr.write(f"moto with clock on http://{args.host}:{args.port}\n")
    run_simple(args.host, args.port, app, threaded=True, use_reloader=False)


if __name__ == "__main__":
    main()
