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
from .registration import (  # noqa: F401
    Mode,
    OutgoingMail,
    RateLimitHit,
    Registration,
    RegistrationLog,
    RegistrationOptions,
    RegistrationSensitiveData,
    SeriesBooking,
)
