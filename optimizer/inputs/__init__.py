"""Files in, frozen objects out: a scenario and its data folder, validated at the boundary.

``load_case`` reads a scenario file (or takes a ``Scenario``), loads its data folder, applies its what-if
changes and checks them together; ``load_variant`` does the same for a what-if built in Python.
"""

from .case import load_case, load_variant
from .dataset import Inputs
from .scenario import Scenario

__all__ = ["Inputs", "Scenario", "load_case", "load_variant"]
