"""The one exception handler of the EPOS REST API: every failure becomes an EPOSError body."""
import logging
import uuid

from django.core.exceptions import DisallowedHost, PermissionDenied
from django.http import Http404, JsonResponse
from django.views import defaults
from rest_framework import exceptions
from rest_framework.response import Response

from ..wire import ErrorType, error_body, error_for

logger = logging.getLogger("posbackoffice.epos")


class PayloadTooLarge(exceptions.APIException):
    status_code = 413
    default_detail = "The request body is too large."


class LengthRequired(exceptions.APIException):
    status_code = 411
    default_detail = "Send the request body with a Content-Length."


def _error_of(exc) -> tuple[ErrorType, int, str]:
    """Django's and DRF's own refusals (no such object, bad credentials, a body that is not
    JSON); anything else answers as it does over the WebSocket (`wire.error_for`)."""
    if isinstance(exc, Http404):
        return ErrorType.NOT_FOUND, 404, "Not found."
    if isinstance(exc, PermissionDenied):
        return ErrorType.INVALID_REQUEST, 403, "Not allowed."
    if isinstance(exc, exceptions.NotFound):
        return ErrorType.NOT_FOUND, 404, str(exc.detail)
    if isinstance(exc, exceptions.APIException):
        return ErrorType.INVALID_REQUEST, exc.status_code, str(exc.detail)
    return error_for(exc)


def epos_exception_handler(exc, context):
    request = context["request"]
    trace_id = getattr(request, "trace_id", None) or uuid.uuid4().hex
    error_type, status, message = _error_of(exc)
    if status >= 500:
        logger.exception("EPOS request failed trace_id=%s", trace_id, exc_info=exc)
    else:
        logger.info("EPOS request refused status=%s trace_id=%s: %s", status, trace_id, message)
    response = Response(error_body(error_type, message, trace_id), status=status)
    auth_header = getattr(exc, "auth_header", None)
    if auth_header:
        response["WWW-Authenticate"] = auth_header
    wait = getattr(exc, "wait", None)
    if wait:
        response["Retry-After"] = str(int(wait))
    return response


def bad_request(request, exception):
    """Django's answer to a request it refuses before any view runs (a Host header not in
    ALLOWED_HOSTS, a malformed body): an EPOSError under /epos/, Django's own page elsewhere."""
    if not request.path.startswith("/epos/"):
        return defaults.bad_request(request, exception)
    trace_id = uuid.uuid4().hex
    if isinstance(exception, DisallowedHost):
        message = "The Host header names a host this back office does not serve."
    else:
        message = "Bad request."
    logger.info("EPOS request refused status=400 trace_id=%s: %s", trace_id, message)
    return JsonResponse(error_body(ErrorType.INVALID_REQUEST, message, trace_id), status=400)
