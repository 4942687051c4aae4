"""Administrative units of Vietnam before and after the 2025 reform, and address parsing."""

from hub.geo.address import AddressUnits, parse_address
from hub.geo.units import Unit, all_units, resolve_unit, successors

__all__ = ["AddressUnits", "Unit", "all_units", "parse_address", "resolve_unit", "successors"]
