from .event import (  # noqa: F401
    Event,
    EventKind,
    Material,
    ProgrammeItem,
    Series,
    Speaker,
    TargetGroup,
    Topic,
    Venue,
)
