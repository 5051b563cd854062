"""Where the browser tests save the screenshots that the README and the docs show:
docs/screenshots when asked to (`make screenshots`), a scratch folder otherwise, so that a
test run leaves the checkout as it found it."""
import os
import tempfile
from pathlib import Path

SCREENSHOTS = Path(os.environ.get("SCREENSHOTS_DIR") or Path(tempfile.gettempdir()) / "posbackoffice-screenshots").resolve()
