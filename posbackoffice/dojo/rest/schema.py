"""The project's own OpenAPI document of the EPOS REST API, generated from the operation
registry: the capability of each route's action gives its request and response serializers."""
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import serializers

from ..operations import OPERATIONS
from ..wire import ErrorType

EPOS_URLCONF = "posbackoffice.dojo.rest.urls"
TAGS = {"areas": "Areas", "tables": "Tables", "reservations": "Reservations", "parties": "Parties", "orders": "Orders"}
DOJO_HEADERS = {
    "waiter-id": "The ID of the waiter making the request, if known",
    "dojo-requesting-product": "The dojo product making the request, if known.",
    "device-id": "The ID of the device making the request, if known",
    "device-type": "The device making the request, if known",
}


class EPOSError(serializers.Serializer):
    """The body of every error (see `wire.error_body`)."""

    errorType = serializers.ChoiceField(choices=[str(t) for t in ErrorType])
    debugMessage = serializers.CharField(required=False)
    traceId = serializers.CharField(required=False)


class EposSchemaGenerator(SchemaGenerator):
    """Documents the EPOS Data API alone, relative to its base URL (/epos), whatever URL
    configuration it is asked about: the document served at /api/epos-openapi.json,
    `manage.py spectacular` and the trial generation of `manage.py check --deploy` are one."""

    def __init__(self, *args, urlconf=None, **kwargs):
        super().__init__(*args, urlconf=urlconf or EPOS_URLCONF, **kwargs)


class EposAutoSchema(AutoSchema):
    def _operation(self):
        return OPERATIONS[self.view.capability_of(self.view.action)]

    def get_operation_id(self):
        return self._operation().capability

    def get_description(self):
        return f"Capability: `{self._operation().capability}`"

    def get_tags(self):
        return [TAGS[self.path.split("/")[2]]]

    def get_request_serializer(self):
        return self._operation().body

    def get_response_serializers(self):
        success = self._operation().response
        return {
            200: success if success is not None else OpenApiResponse(description="Done; no body."),
            "4XX": EPOSError,
            "5XX": EPOSError,
        }

    def get_override_parameters(self):
        return [
            OpenApiParameter(name, str, OpenApiParameter.HEADER, required=False, description=description)
            for name, description in DOJO_HEADERS.items()
        ]


class EposBasicAuthScheme(OpenApiAuthenticationExtension):
    target_class = "posbackoffice.dojo.rest.auth.EposBasicAuthentication"
    name = "eposBasicAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "basic", "description": "The credentials set with `manage.py epos_credentials`."}
