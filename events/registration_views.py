from portal.views import placeholder as overview_request, placeholder as overview, placeholder as confirm  # noqa
from portal.views import placeholder as manage, placeholder as register, placeholder as sent  # noqa
from portal.views import placeholder as resend_for_email  # noqa
