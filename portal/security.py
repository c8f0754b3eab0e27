"""The security header Django and django-csp do not set: Permissions-Policy.

The Content-Security-Policy comes from django-csp (``CONTENT_SECURITY_POLICY`` in the settings);
HSTS, nosniff, Referrer-Policy and X-Frame-Options from Django's SecurityMiddleware and
XFrameOptionsMiddleware.
"""

from django.conf import settings


class PermissionsPolicyMiddleware:
    """Deny every browser feature in ``PERMISSIONS_POLICY_DENIED`` to the page and its frames."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        denied = settings.PERMISSIONS_POLICY_DENIED
        if denied:
            response.setdefault("Permissions-Policy", ", ".join(f"{feature}=()" for feature in denied))
        return response
