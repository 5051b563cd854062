"""Where Dojo's published spec files are: `../shared/spec` beside the project, or DOJO_SPEC_DIR."""
import os
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[1]
SPEC_DIR = Path(os.environ.get("DOJO_SPEC_DIR", PROJECT_DIR.parent / "shared" / "spec"))


def spec_path(name: str) -> Path:
    path = SPEC_DIR / name
    if not path.is_file():
        raise FileNotFoundError(f"Dojo's spec file {path} is missing: put shared/ beside the project or set DOJO_SPEC_DIR.")
    return path
