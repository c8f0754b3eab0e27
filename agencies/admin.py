from . import press_admin  # noqa: F401  (press releases and publications)
