from events.registration.models import (  # noqa: F401  (the registry finds the models here)
    DeletionRequest,
    Mode,
    OutgoingMail,
    RateLimitHit,
    Registration,
    RegistrationOptions,
    RegistrationSensitiveData,
    SeriesBooking,
)

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
