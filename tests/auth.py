from axes.backends import AxesStandaloneBackend


class AxesBackendAllowingTestClientLogin(AxesStandaloneBackend):
    """django-axes' backend, except that ``Client.login()`` (which passes no request) is let through."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
