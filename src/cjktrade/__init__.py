"""cjktrade: the consolidated digital trade platform for China, Japan and South Korea.

Public entry points live in the sub-packages (``cjktrade.hs``, ``cjktrade.fx``, ...) and in
``cjktrade.services`` for use cases that combine engines with reference data.
"""

from cjktrade.core.errors import CjktradeError

__version__ = "0.1.0"
__all__ = ["CjktradeError", "__version__"]
