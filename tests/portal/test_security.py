"""Admin login lockout, forwarded headers and the Permissions-Policy header."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains

# --- Forwarded headers ---


@pytest.mark.django_db
def test_a_client_claiming_https_does_not_change_the_portals_links(client):
    response = client.get(reverse("robots_txt"), headers={"x-forwarded-proto": "https"})
    assertContains(response, "Sitemap: http://testserver/sitemap.xml")
