"""Domain errors of the municipalities app; views and commands turn them into messages."""


class MunicipalityError(Exception):
    """Base class: the message is meant for the person who triggered the action."""


class PartnershipOverlap(MunicipalityError):
    """The municipality already has a partnership in (part of) the requested period."""

    def __init__(self, message, *, existing):
        super().__init__(message)
        self.existing = existing


class PartnershipOutsideStates(MunicipalityError):
    """The municipality lies in a Bundesland the agency does not serve."""


class ImportFileError(MunicipalityError):
    """The import file cannot be read at all (missing, wrong format)."""
