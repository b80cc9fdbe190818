"""CloudTrail LookupEvents, which moto does not serve, from events a test seeds.

moto 5 has CloudTrail trails but no LookupEvents. The product asks it where an
access key is still used, so the emulator answers it from events the demo and
the tests seed, as AWS would (JSON 1.1, X-Amz-Target
CloudTrail_20131101.LookupEvents):

    POST   /_cloudtrail/events {"region": "us-east-1", "events": [{...}]}   seed
    DELETE /_cloudtrail/events                                             forget all
    (POST /moto-api/reset forgets them too)

A seeded event names at least accessKeyId and eventTime (ISO); sourceIPAddress,
userAgent, eventSource, eventName, vpcEndpointId, userName are optional. The
answer holds the events of the Region the request was signed for, matching the
one LookupAttribute (AccessKeyId, EventName, EventSource or Username), newest
first, within StartTime..EndTime and CloudTrail's 90 days (on moto's clock);
MaxResults 1..50 (default 50), NextToken. Events[].CloudTrailEvent is the
record as a JSON string, as AWS returns it.
"""

import base64
import datetime
import json
import re
import threading
import uuid

import moto.core.utils as moto_utils
from werkzeug.wrappers import Request, Response

TARGET = "CloudTrail_20131101.LookupEvents"
MAX_RESULTS = 50
RETENTION_DAYS = 90
ATTRIBUTES = {"AccessKeyId": "accessKeyId", "EventName": "eventName", "EventSource": "eventSource", "Username": "userName"}

_lock = threading.Lock()
_events = {}  # region -> list of records (dicts)


def reset():
    with _lock:
        _events.clear()


def seed(region, records):
    with _lock:
        for record in records:
            if "accessKeyId" not in record or "eventTime" not in record:
                raise ValueError("each event needs accessKeyId and eventTime")
            stored = dict(record)
            stored.setdefault("eventID", str(uuid.uuid4()))
            stored.setdefault("eventVersion", "1.09")
            stored.setdefault("awsRegion", region)
            stored.setdefault("readOnly", True)
            _events.setdefault(region, []).append(stored)


def _time(value):
    return datetime.datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(datetime.timezone.utc).replace(tzinfo=None)


def _epoch(value):
    if value is None:
        return None
    if isinstance(value, (int, float)):
        return datetime.datetime.fromtimestamp(value, datetime.timezone.utc).replace(tzinfo=None)
    return _time(str(value))


def _error(code, message, status=400):
    body = json.dumps({"__type": code, "message": message})
    return Response(body, status, mimetype="application/x-amz-json-1.1", headers={"x-amzn-ErrorType": code})


def _region_of(request):
    match = re.search(r"Credential=[^/]+/\d{8}/([a-z0-9-]+)/cloudtrail/", request.headers.get("Authorization", ""))
    return match.group(1) if match else "us-east-1"


def _token(offset, fingerprint):
    raw = json.dumps({"o": offset, "f": fingerprint}).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _offset(token, fingerprint):
    try:
        data = json.loads(base64.urlsafe_b64decode((token + "=" * (-len(token) % 4)).encode()).decode())
        if data["f"] != fingerprint:
            return None
        return int(data["o"])
    except Exception:  # noqa: BLE001 - any unreadable token is refused the same way
        return None


def lookup_events(request):
    body = json.loads(request.get_data() or b"{}")
    max_results = body.get("MaxResults", MAX_RESULTS)
    if not isinstance(max_results, int) or max_results < 1 or max_results > MAX_RESULTS:
        return _error("InvalidMaxResultsException", f"MaxResults must be between 1 and {MAX_RESULTS}")
    attributes = body.get("LookupAttributes") or []
    if len(attributes) > 1:
        return _error("InvalidLookupAttributesException", "You can specify only one lookup attribute")
    field = value = None
    if attributes:
        key = attributes[0].get("AttributeKey")
        if key not in ATTRIBUTES:
            return _error("InvalidLookupAttributesException", f"Unsupported lookup attribute {key}")
        field, value = ATTRIBUTES[key], attributes[0].get("AttributeValue")
    now = moto_utils.utcnow()
    start = _epoch(body.get("StartTime")) or now - datetime.timedelta(days=RETENTION_DAYS)
    end = _epoch(body.get("EndTime")) or now
    if start > end:
        return _error("InvalidTimeRangeException", "StartTime must be before EndTime")
    oldest = now - datetime.timedelta(days=RETENTION_DAYS)
    region = _region_of(request)
    with _lock:
        records = list(_events.get(region, []))
    matching = [
        record
        for record in records
        if (field is None or record.get(field) == value) and max(start, oldest) <= _time(record["eventTime"]) <= end
    ]
    matching.sort(key=lambda record: _time(record["eventTime"]), reverse=True)
    # Bound to what the caller asked, not to the defaults, which move with the clock between pages.
    fingerprint = json.dumps([region, field, value, body.get("StartTime"), body.get("EndTime")])
    offset = 0
    if body.get("NextToken"):
        offset = _offset(body["NextToken"], fingerprint)
        if offset is None:
            return _error("InvalidNextTokenException", "Invalid NextToken")
    page = matching[offset : offset + max_results]
    events = [
        {
            "EventId": record["eventID"],
            "EventName": record.get("eventName"),
            "ReadOnly": "true" if record.get("readOnly", True) else "false",
            "AccessKeyId": record["accessKeyId"],
            "EventTime": _time(record["eventTime"]).replace(tzinfo=datetime.timezone.utc).timestamp(),
            "EventSource": record.get("eventSource"),
            "Username": record.get("userName"),
            "Resources": [],
            "CloudTrailEvent": json.dumps(
                {
                    **{k: v for k, v in record.items() if k not in ("accessKeyId", "userName")},
                    "userIdentity": {"type": "IAMUser", "accessKeyId": record["accessKeyId"], "userName": record.get("userName")},
                }
            ),
        }
        for record in page
    ]
    answer = {"Events": events}
    if offset + max_results < len(matching):
        answer["NextToken"] = _token(offset + max_results, fingerprint)
    return Response(json.dumps(answer), 200, mimetype="application/x-amz-json-1.1")


def _seed_endpoint(request):
    if request.method == "DELETE":
        reset()
        return Response("{}", 200, mimetype="application/json")
    body = json.loads(request.get_data() or b"{}")
    try:
        seed(body.get("region", "us-east-1"), body.get("events", []))
    except ValueError as error:
        return Response(json.dumps({"error": str(error)}), 400, mimetype="application/json")
    return Response("{}", 200, mimetype="application/json")


def with_lookup_events(app):
    def wrapped(environ, start_response):
        path = environ.get("PATH_INFO")
        if path == "/_cloudtrail/events":
            return _seed_endpoint(Request(environ))(environ, start_response)
        if path == "/moto-api/reset":
            reset()
        if environ.get("HTTP_X_AMZ_TARGET") == TARGET:
            return lookup_events(Request(environ))(environ, start_response)
        return app(environ, start_response)

    return wrapped
