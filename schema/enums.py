"""Enumerations: the data contract's values, named in upper case in GraphQL.

Each member's value is the stored (data contract) value, so ``of(Enum, stored)``
turns a record's field into a member; a value the enum does not know gives None.
"""

from __future__ import annotations

from enum import Enum
from typing import TypeVar, cast

import strawberry

E = TypeVar("E", bound=Enum)


def of(enum: type[E], value: object) -> E | None:
    """The member whose value is ``value``, or None."""
    return cast("E | None", enum._value2member_map_.get(value))


@strawberry.enum(description="Kinds of certificate in the certificates dataset.")
class CertificateKind(Enum):
    MANAGEMENT_SYSTEM = "management_system"
    STANDARD_CERTIFICATION = "standard_certification"
    REGULATION_CERTIFICATION = "regulation_certification"
    STANDARD_DECLARATION = "standard_declaration"
    REGULATION_DECLARATION = "regulation_declaration"


@strawberry.enum(description="A certificate's status on the day asked.")
class CertificateStatus(Enum):
    VALID = "valid"
    EXPIRED = "expired"
    SUSPENDED = "suspended"
    WITHDRAWN = "withdrawn"


@strawberry.enum(description="The pilot chains of the traceability plan 3338/KH-UBND.")
class ProductChain(Enum):
    EGGS = "eggs"
    POULTRY_MEAT = "poultry_meat"
    VEGETABLES = "vegetables"
    MELON = "melon"
    POMELO = "pomelo"


@strawberry.enum(description="Which way `trace` walks from the lot asked.")
class TraceDirection(Enum):
    UPSTREAM = "upstream"
    DOWNSTREAM = "downstream"
    BOTH = "both"


@strawberry.enum
class EnterpriseSize(Enum):
    MICRO = "micro"
    SMALL = "small"
    MEDIUM = "medium"
    LARGE = "large"


@strawberry.enum
class EnterpriseStatus(Enum):
    ACTIVE = "active"
    SUSPENDED = "suspended"
    DISSOLVED = "dissolved"


@strawberry.enum
class AwardKind(Enum):
    NATIONAL_QUALITY_AWARD = "national_quality_award"
    NATIONAL_QUALITY_AWARD_GOLD = "national_quality_award_gold"
    ASIA_PACIFIC_QUALITY_AWARD = "asia_pacific_quality_award"


@strawberry.enum
class MeasurementSupportKind(Enum):
    TRAINING = "training"
    CALIBRATION = "calibration"
    VERIFICATION = "verification"
    MEASUREMENT_ASSURANCE = "measurement_assurance"
    LAB_CAPABILITY = "lab_capability"
    EQUIPMENT = "equipment"


@strawberry.enum
class ProgrammeSupportKind(Enum):
    PRODUCTIVITY_TOOLS = "productivity_tools"
    MANAGEMENT_SYSTEM = "management_system"
    QUALITY_AWARD = "quality_award"
    CONFORMITY = "conformity"
    MODEL_ENTERPRISE = "model_enterprise"
    PILOT_PROJECT = "pilot_project"
    TRAINING = "training"


@strawberry.enum(description="How a record was tied to the enterprise it names.")
class LinkMethod(Enum):
    TAX_CODE = "tax_code"
    NAME_ADDRESS = "name_address"
    NAME = "name"
    FUZZY_NAME = "fuzzy_name"
    MANUAL = "manual"


@strawberry.enum(description="Whether a record naming a firm is linked to one.")
class LinkStatus(Enum):
    LINKED = "linked"
    UNRESOLVED = "unresolved"
    AMBIGUOUS = "ambiguous"
    REJECTED = "rejected"


@strawberry.enum
class DatasetKind(Enum):
    ENTERPRISES = "enterprises"
    CERTIFICATES = "certificates"
    AWARDS = "awards"
    MEASUREMENT = "measurement"
    PROGRAMME_SUPPORT = "programme_support"
    PRODUCTS = "products"
    TRACE_EVENTS = "trace_events"
    EPCIS = "epcis"


@strawberry.enum
class TraceEventType(Enum):
    OBJECT = "object"
    AGGREGATION = "aggregation"
    TRANSFORMATION = "transformation"
    ASSOCIATION = "association"


@strawberry.enum(description="ABOUT: the lot made, moved or observed; CONSUMED: an input.")
class TraceEventRole(Enum):
    ABOUT = "ABOUT"
    CONSUMED = "CONSUMED"


@strawberry.enum
class AdminUnitLevel(Enum):
    PROVINCE = "province"
    DISTRICT = "district"
    WARD = "ward"


@strawberry.enum(description="FORMER: before the 1 July 2025 reform; CURRENT: from then on.")
class AdminUnitEra(Enum):
    FORMER = "former"
    CURRENT = "current"


@strawberry.enum
class SearchHitKind(Enum):
    ENTERPRISE = "enterprise"
    PRODUCT = "product"
    CERTIFICATE = "certificate"
