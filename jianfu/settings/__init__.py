"""Settings selector: development by default, `JIANFU_ENV=production` for production."""

import os

_env = os.environ.get("JIANFU_ENV", "development")
if _env == "production":
    from .production import *  # noqa: F403
elif _env == "test":
    from .test import *  # noqa: F403
elif _env == "development":
    from .development import *  # noqa: F403
else:  # pragma: no cover - a typo must not silently fall back to development
    raise RuntimeError(f"JIANFU_ENV must be development, test or production, not {_env!r}")
