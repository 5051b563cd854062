"""The order capabilities: `schemas` (Dojo's components, the Order body, the requests),
`bill` (the OrderBill), `specs` (requests to the services' values) and `operations`, whose
import registers them."""
from . import operations  # noqa: F401
