"""Write the schema's SDL to schema.graphql: ``python -m schema.export [PATH]``."""

from __future__ import annotations

import sys
from pathlib import Path

from schema import schema

SDL_PATH = Path(__file__).resolve().parent.parent / "schema.graphql"


def sdl() -> str:
    return schema.as_str() + "\n"


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    path = Path(args[0]) if args else SDL_PATH
    path.write_text(sdl(), encoding="utf-8")
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
